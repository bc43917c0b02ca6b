/** Makes a folder read-only for this process, as a read-only disk would be, and writable again. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Removes (or gives back) write permission on `folder`. Permission bits do not stop root, so as root the
 * folder is made immutable instead (`chattr +i`, Linux). True when a probe write is then refused; false
 * (read-only could not be had here, and nothing was changed) otherwise.
 */
export async function makeReadOnly(folder: string, readOnly = true): Promise<boolean> {
  const root = process.getuid?.() === 0;
  if (!readOnly) {
    if (root) execFileSync('chattr', ['-i', folder], { stdio: 'ignore' });
    await fs.chmod(folder, 0o755);
    return true;
  }
  await fs.chmod(folder, 0o555);
  if (root) {
    try {
      execFileSync('chattr', ['+i', folder], { stdio: 'ignore' });
    } catch {
      // No chattr, or a file system without the attribute.
    }
  }
  const probe = path.join(folder, '.probe');
  try {
    await fs.writeFile(probe, 'x');
  } catch {
    return true;
  }
  await fs.rm(probe, { force: true });
  await makeReadOnly(folder, false).catch(() => undefined);
  return false;
}
