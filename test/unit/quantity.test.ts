import { beforeAll, describe, expect, it } from 'vitest';
import { parseQuantity, prepareQuantities, readQuantity } from '../../arch/quantity.js';
import { UserError } from '../../arch/user-error.js';

beforeAll(async () => {
  await prepareQuantities('1 Hz');
});

describe('quantities', () => {
  it('converts units to SI once', () => {
    expect(parseQuantity('460 GB/s', 'bandwidth', 'f', 'x')).toBe(460e9);
    expect(parseQuantity('100 Gb/s', 'bandwidth', 'f', 'x')).toBe(12.5e9);
    expect(parseQuantity('200 MHz', 'frequency', 'f', 'x')).toBe(200e6);
    expect(parseQuantity('512 bit', 'bytes', 'f', 'x')).toBe(64);
    expect(parseQuantity('8 GiB', 'bytes', 'f', 'x')).toBe(8 * 2 ** 30);
    expect(parseQuantity('3.9 pJ', 'energy', 'f', 'x')).toBeCloseTo(3.9e-12, 20);
    expect(parseQuantity('1.5 us', 'time', 'f', 'x')).toBeCloseTo(1.5e-6, 15);
    expect(parseQuantity('7795 USD', 'money', 'f', 'x')).toBe(7795);
    expect(parseQuantity('125 TFLOP/s', 'flops', 'f', 'x')).toBe(125e12);
  });

  it('rejects a unit typo, a wrong dimension and a bare number with the field and a fix', () => {
    const typo = readQuantity('200 MHzz', 'frequency');
    expect(typo.ok).toBe(false);
    if (!typo.ok) expect(typo.fix).toContain('200 MHz');
    const dim = readQuantity('460 GB/s', 'frequency');
    expect(dim.ok).toBe(false);
    const bare = readQuantity(200, 'frequency');
    expect(bare.ok).toBe(false);
    expect(() => parseQuantity('200 MHzz', 'frequency', 'spec.yaml', 'clock')).toThrow(UserError);
    expect(() => parseQuantity('200 MHzz', 'frequency', 'spec.yaml', 'clock')).toThrow(/spec.yaml: clock:/);
  });
});
