/** An FPGA board: fabric resources, off-chip memories, links, power and price. */
import { z } from 'zod';
import { count, positiveCount, qty, resourceCounts } from './common.js';

const memorySchema = z.strictObject({
  capacity: qty('bytes'),
  bandwidth: qty('bandwidth'),
  channels: positiveCount,
});

export const boardSchema = z
  .strictObject({
    name: z.string(),
    part: z.string(),
    resources: resourceCounts,
    /** What the vendor platform (shell) occupies before any kernel is placed. */
    shell: resourceCounts,
    hbm: memorySchema.nullable(),
    ddr: memorySchema.nullable(),
    network: z.strictObject({ ports: count, rate: qty('bandwidth') }),
    max_power: qty('power').nullable(),
    price: qty('money').nullable(),
  })
  .superRefine((b, ctx) => {
    // The shell is part of the fabric: a board whose shell needs more than it has is a typo.
    for (const k of ['lut', 'ff', 'dsp', 'bram36', 'uram'] as const) {
      if (b.shell[k] > b.resources[k])
        ctx.addIssue({
          code: 'custom',
          path: ['shell', k],
          message: `the shell uses ${b.shell[k]} ${k}, more than the board's ${b.resources[k]}`,
          params: { fix: `give board.shell.${k} at most board.resources.${k}` },
        });
    }
  });
export type Board = z.output<typeof boardSchema>;
