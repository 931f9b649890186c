import { promises as fs } from 'node:fs';
import * as path from 'node:path';

// Temp file + rename in the same directory: a crash or a full disk leaves the old notebook
// intact, never a truncated one.
export async function writeFileAtomic(target: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
