/** The plain-quantity reader (no mathjs) gives exactly what mathjs gives, and leaves the rest to mathjs. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mathjs } from '../../arch/mathjs.js';
import { DIMENSIONS, type Dimension } from '../../arch/quantity.js';
import { simpleQuantity } from '../../arch/simple-units.js';

const UNITS: [string, Dimension][] = [
  ['Hz', 'frequency'],
  ['s', 'time'],
  ['J', 'energy'],
  ['W', 'power'],
  ['B', 'bytes'],
  ['b', 'bytes'],
  ['bit', 'bytes'],
  ['B/s', 'bandwidth'],
  ['b/s', 'bandwidth'],
  ['bit/s', 'bandwidth'],
  ['USD', 'money'],
  ['FLOP/s', 'flops'],
];
const PREFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E', 'm', 'u', 'n', 'p', 'f', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'K', 'x', 'mu', 'da'];
const NUMBERS = ['1', '0', '250', '0.924', '1.5', '1e3', '2.5e-3', '.5', '460', '100', '3.9', '7795', '0.125', '12.34', '-3', '+7'];

/** mathjs's SI value, or undefined where it refuses the text or it has another dimension. */
function viaMathjs(text: string, dim: Dimension): number | undefined {
  try {
    return mathjs().unit(text.trim()).toNumber(DIMENSIONS[dim]);
  } catch {
    return undefined;
  }
}

describe('plain quantities without mathjs', () => {
  it('equal mathjs to the last bit wherever they read a text, for every unit, prefix and spacing', () => {
    let read = 0;
    for (const [u, dim] of UNITS) {
      for (const p of PREFIXES) {
        for (const n of NUMBERS) {
          for (const text of [`${n} ${p}${u}`, `${n}${p}${u}`]) {
            const mine = simpleQuantity(text, dim);
            if (mine === undefined) continue;
            read++;
            expect(Object.is(mine, viaMathjs(text, dim)), `${text}: ${mine} vs ${viaMathjs(text, dim)}`).toBe(true);
          }
        }
      }
    }
    expect(read).toBeGreaterThan(1000);
  });

  it('equal mathjs on random numbers', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), fc.constantFrom(...UNITS), fc.constantFrom('', 'k', 'M', 'G', 'm', 'u', 'n', 'p', 'Gi'), (x, [u, dim], p) => {
        const text = `${x} ${p}${u}`;
        const mine = simpleQuantity(text, dim);
        if (mine !== undefined) expect(Object.is(mine, viaMathjs(text, dim)), text).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('leave compound units, other dimensions and typos to mathjs', () => {
    for (const [text, dim] of [
      ['1 Mbyte', 'bytes'],
      ['250 MHz', 'time'],
      ['2 * 3 MHz', 'frequency'],
      ['1 GB / s', 'bandwidth'],
      ['5 min', 'time'],
      ['3 µs', 'time'],
      ['1 kUSD', 'money'],
      ['7 MHzz', 'frequency'],
    ] as [string, Dimension][]) {
      expect(simpleQuantity(text, dim), text).toBeUndefined();
    }
  });
});
