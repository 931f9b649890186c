import { promises as fs } from 'node:fs';
import * as path from 'node:path';

// Temp file + rename in the same directory: a crash or a full disk leaves the old notebook
// intact, never a truncated one.
// `content` may come in pieces (a trace of millions of events is longer than one string can be).
export async function writeFileAtomic(target: string, content: string | Iterable<string>): Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  // An existing notebook keeps its permissions (a 0600 file stays 0600, whatever the umask); a new
  // file is created like any other, 0666 less the umask (never world-writable by default).
  const existingMode = await fs.stat(target).then((s) => s.mode & 0o7777, () => undefined);
  const handle = await fs.open(tmp, 'w', existingMode ?? 0o666);
  try {
    try {
      if (typeof content === 'string') await handle.writeFile(content, 'utf8');
      else for (const piece of content) await handle.write(piece, null, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // open() applied the umask to the existing mode too: restore it exactly.
    if (existingMode !== undefined) await fs.chmod(tmp, existingMode).catch(() => {});
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
