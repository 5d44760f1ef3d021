/** Writes a report file and says where, with its size. */
import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../arch/user-error.js';
import { shellWord } from '../dse/reproduce.js';

/** Write a report given whole or as pieces (a large sweep's page is written piece by piece, never held as one string). */
export function writeReport(file: string, html: string | readonly string[]): void {
  let bytes = 0;
  try {
    ensureDir(dirname(file) || '.');
    const fd = openSync(file, 'w');
    try {
      for (const part of typeof html === 'string' ? [html] : html) bytes += writeSync(fd, part);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new UserError({
      input: '--report/-o',
      field: file,
      problem: `cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      fix: 'choose a writable path',
    });
  }
  process.stderr.write(`wrote ${file} (${(bytes / 1e6).toFixed(2)} MB); open ${pathToFileURL(resolve(file)).href} in a browser\n`);
}

/** Create missing folders one level at a time (recursive mkdir can spin on special file systems). */
function ensureDir(dir: string): void {
  if (existsSync(dir)) return;
  ensureDir(dirname(dir));
  mkdirSync(dir);
}

/** The command as typed, for the report's header. */
export function commandLine(): string {
  return ['tasim', ...process.argv.slice(2)].map(shellWord).join(' ');
}
