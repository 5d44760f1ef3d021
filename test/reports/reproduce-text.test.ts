import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactReproduce, expandReproduce } from '../../reports/page/reproduce-text.js';
import { reproduceCommands } from '../../dse/reproduce.js';

describe('reproduce commands in a report', () => {
  it('a template gives back exactly the commands dse/reproduce.ts writes, for any mix', () => {
    const request = fc.record({
      input: fc.integer({ min: 1, max: 4096 }),
      output: fc.integer({ min: 0, max: 512 }),
      batch: fc.integer({ min: 1, max: 8 }),
      weight: fc.double({ min: 0.01, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(request, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('dfx', '/tmp/my arch.yaml', "it's.yaml"),
        fc.constantFrom('dense', '2:4'),
        (requests, arch, sparsity) => {
          const src = {
            base: { arch, devices: 2, set: ['clock=250 MHz'] },
            parameters: [{ path: 'mpu.lanes' }, { path: 'clock', unit: 'MHz' }, { path: 'workload.sparsity' }],
            derived: [{ path: 'mpu.zigzag_cols', sets_arch: true }],
            model_refs: { gpt2: 'gpt2' },
            mixes: [{ name: 'default', requests }],
          };
          const commands = reproduceCommands(src, { model: 'gpt2', mix: 'default', 'mpu.lanes': 16, clock: 300, 'workload.sparsity': sparsity, 'mpu.zigzag_cols': 64 });
          const compact = compactReproduce(commands, requests);
          expect(expandReproduce(compact, requests)).toEqual(commands);
          if (requests.length > 1) expect(typeof compact).toBe('string');
        },
      ),
    );
  });

  it('commands that do not follow the template are kept as they are', () => {
    const requests = [
      { input: 8, output: 8, batch: 1 },
      { input: 16, output: 8, batch: 1 },
    ];
    const odd = ['tasim simulate --arch dfx --model gpt2 --input 8 --output 8', 'tasim simulate --arch sta --model gpt2 --input 16 --output 8'];
    expect(compactReproduce(odd, requests)).toEqual(odd);
    expect(expandReproduce(null, requests)).toBeNull();
  });
});
