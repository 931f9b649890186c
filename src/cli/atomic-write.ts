import { promises as fs } from 'node:fs';
import * as path from 'node:path';

// Temp file + rename in the same directory: a crash or a full disk leaves the old notebook
// intact, never a truncated one.
export async function writeFileAtomic(target: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  // Keep the notebook's permissions (a 0600 file stays 0600).
  const mode = await fs.stat(target).then((s) => s.mode & 0o7777, () => 0o666);
  const handle = await fs.open(tmp, 'w', mode);
  try {
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.chmod(tmp, mode).catch(() => {});
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
