/** Writes a report file and says where, with its size. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeReport(file: string, html: string): void {
  mkdirSync(dirname(file) || '.', { recursive: true });
  writeFileSync(file, html);
  process.stderr.write(`wrote ${file} (${(Buffer.byteLength(html) / 1e6).toFixed(2)} MB)\n`);
}

/** The command as typed, for the report's header. */
export function commandLine(): string {
  return ['tasim', ...process.argv.slice(2)].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ');
}
