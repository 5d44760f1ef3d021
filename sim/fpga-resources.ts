/**
 * FPGA resource arithmetic shared by the FPGA templates: memories map onto
 * BRAM36 (512 x 72 at its widest) or URAM (4096 x 72), component lists sum
 * up and are checked against the board.
 */
import type { Board } from '../arch/schema/board.js';
import type { ResourceUse } from './result.js';

export interface Component {
  name: string;
  dsp: number;
  lut: number;
  ff: number;
  bram: number;
  uram: number;
}

export function component(name: string, c: Partial<Omit<Component, 'name'>>): Component {
  return { name, dsp: c.dsp ?? 0, lut: Math.round(c.lut ?? 0), ff: Math.round(c.ff ?? 0), bram: c.bram ?? 0, uram: c.uram ?? 0 };
}

/** BRAM36 blocks for a memory `widthBits` wide and `depth` deep (UG573: 512 x 72 ... 32K x 1). */
export function bram36(widthBits: number, depth: number): number {
  const modes = [
    [72, 512],
    [36, 1024],
    [18, 2048],
    [9, 4096],
    [4, 8192],
    [2, 16384],
    [1, 32768],
  ];
  let best = Infinity;
  for (const [w, d] of modes) best = Math.min(best, Math.ceil(widthBits / w) * Math.ceil(depth / d));
  return best;
}

/** URAM288 blocks (4096 x 72) for a memory (UG573). */
export function uram(widthBits: number, depth: number): number {
  return Math.ceil(widthBits / 72) * Math.ceil(depth / 4096);
}

export function sumComponents(board: Board, parts: Component[]): ResourceUse {
  const all = [component('platform shell', { ...board.shell, bram: board.shell.bram36 }), ...parts];
  const tot = { dsp: 0, lut: 0, ff: 0, bram: 0, uram: 0 };
  for (const c of all) {
    tot.dsp += c.dsp;
    tot.lut += c.lut;
    tot.ff += c.ff;
    tot.bram += c.bram;
    tot.uram += c.uram;
  }
  const r = board.resources;
  const cap = { dsp: r.dsp, lut: r.lut, ff: r.ff, bram: r.bram36, uram: r.uram };
  const frac = (u: number, c: number) => (c > 0 ? u / c : u > 0 ? Infinity : 0);
  const used_fraction = { dsp: frac(tot.dsp, cap.dsp), lut: frac(tot.lut, cap.lut), ff: frac(tot.ff, cap.ff), bram: frac(tot.bram, cap.bram), uram: frac(tot.uram, cap.uram) };
  const fits = Object.values(used_fraction).every((f) => f <= 1);
  return { kind: 'fpga', ...tot, fits, used_fraction, board: { name: board.name, ...cap }, components: all };
}

/** "DSP 112 % of 9,024" style reasons for designs that do not fit. */
export function overflowReason(r: ResourceUse): string {
  const over = (Object.entries(r.used_fraction) as [keyof typeof r.used_fraction, number][]).filter(([, f]) => f > 1);
  return `does not fit ${r.board.name}: ${over.map(([k, f]) => `${k.toUpperCase()} ${(f * 100).toFixed(0)} % (${r[k]} of ${r.board[k]})`).join(', ')}`;
}
