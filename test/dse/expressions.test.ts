/** Space expressions: a small formula language, checked when read and type-checked at every design. */
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../dse/expressions.js';

const site = { input: 'space.yaml', field: 'line 9 constraints.0' };
const names = ['mpu.lanes', 'mpu.d', 'clock', 'macs'];
const constraint = (text: string) => compileExpression(text, { names, site, result: 'boolean' });
const derived = (text: string) => compileExpression(text, { names, site, result: 'scalar' });

describe('space expressions', () => {
  it('evaluate formulas over parameter paths', async () => {
    expect((await constraint('mpu.lanes * mpu.d <= 2048')).evaluate({ 'mpu.lanes': 16, 'mpu.d': 64 })).toBe(true);
    expect((await derived('max(mpu.lanes, 2) ^ 2 + (clock > 1 ? 1 : 0)')).evaluate({ 'mpu.lanes': 4, clock: 2 })).toBe(17);
  });

  it.each([
    ['range(1, 1e9)', /calls range, which expressions may not call/],
    ['zeros(1e5, 1e5)', /calls zeros/],
    ['evaluate("1")', /calls evaluate/],
    ['import({})', /object syntax|calls import/],
    ['1:1e9', /range syntax/],
    ['f(x) = x', /functionassignment syntax/],
    ['x = 1', /assignment syntax/],
    ['[1, 2]', /array syntax/],
    ['mpu.lanes[1]', /indexes a value/],
    ['mpu.lanes.constructor', /uses mpu\.lanes\.constructor, which is not a parameter/],
    ['constructor', /uses constructor, which is not a parameter/],
    ['nosuch > 1', /uses nosuch, which is not a parameter/],
    ['mpu.lanes * 2 MHz > 1', /uses MHz/],
    ['5!', /operator !/],
    ['mpu.lanes.toString()', /calls mpu\.lanes\.toString/],
    [`${'1+'.repeat(150)}1`, /more than 200 terms/],
    [`${'1'.repeat(1001)}`, /1001 characters/],
  ])('refuse %.40s when the space is read', async (text, pattern) => {
    await expect(constraint(text)).rejects.toThrow(pattern);
    await expect(constraint(text)).rejects.toThrow(/^space\.yaml: line 9 constraints\.0: .*\. Fix: \S/);
  });

  it('type-check every evaluation, naming the design', async () => {
    const c = await constraint('mpu.lanes > 8 ? 5 : true');
    expect(c.evaluate({ 'mpu.lanes': 8 })).toBe(true);
    expect(() => c.evaluate({ 'mpu.lanes': 16 })).toThrow(/gives 5 for design mpu\.lanes=16, not true or false\. Fix:/);
    const d = await derived('sqrt(mpu.lanes)');
    expect(d.evaluate({ 'mpu.lanes': 16 })).toBe(4);
    expect(() => d.evaluate({ 'mpu.lanes': -1 })).toThrow(/gives a Complex for design mpu\.lanes=-1, not a finite number/);
    expect(() => d.evaluate({ 'mpu.lanes': 'x' })).toThrow(/cannot evaluate .* for design mpu\.lanes=x/);
    const ratio = await derived('1 / (mpu.lanes - 8)');
    expect(ratio.evaluate({ 'mpu.lanes': 9 })).toBe(1);
    expect(() => ratio.evaluate({ 'mpu.lanes': 8 })).toThrow(/gives Infinity for design mpu\.lanes=8/);
    expect(Object.prototype).not.toHaveProperty('lanes');
  });
});
