/** Human-readable numbers for terminal output (JSON keeps SI). */
export function fmtTime(s: number): string {
  if (!Number.isFinite(s)) return 'n/a';
  if (s >= 1) return `${s.toFixed(3)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toFixed(2)} ms`;
  return `${(s * 1e6).toFixed(1)} us`;
}

export function fmtEnergy(j: number): string {
  if (!Number.isFinite(j)) return 'n/a';
  if (j >= 1) return `${j.toFixed(2)} J`;
  if (j >= 1e-3) return `${(j * 1e3).toFixed(2)} mJ`;
  return `${(j * 1e6).toFixed(1)} uJ`;
}

/** Bytes in decimal units (GB = 1e9 B, as memory capacities are quoted in this output). */
export function fmtBytes(b: number): string {
  if (!Number.isFinite(b)) return 'n/a';
  if (b >= 1e9) return `${(b / 1e9).toFixed(2)} GB`;
  if (b >= 1e6) return `${(b / 1e6).toFixed(2)} MB`;
  if (b >= 1e3) return `${(b / 1e3).toFixed(1)} kB`;
  return `${b.toFixed(0)} B`;
}

export function fmtNum(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return 'n/a';
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)} %` : 'n/a';
}

/** Left-aligned first column, right-aligned others. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const w = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(header), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(line)].join('\n');
}
