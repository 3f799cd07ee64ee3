// `npm start`'s build step: runs `npm run build` only when a source is newer than the last build, so that a start
// with dist/ up to date is immediate (a full build takes some 20 s on a small machine).
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
/** What the build reads: the sources, and the files that decide how they are compiled and with which packages. */
const INPUTS = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
/** Written after a build that succeeded: its time is the build's. */
const STAMP = path.join(ROOT, 'dist', '.built');

function newestChange(entry: string): number {
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
const changed = Math.max(...INPUTS.map((input) => newestChange(path.join(ROOT, input))));
if (changed > built) {
  execSync('npm run build', { cwd: ROOT, stdio: 'inherit' });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}
