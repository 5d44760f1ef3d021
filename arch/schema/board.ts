/** An FPGA board: fabric resources, off-chip memories, links, power and price. */
import { z } from 'zod';
import { count, positiveCount, qty, resourceCounts } from './common.js';

export const memorySchema = z.strictObject({
  capacity: qty('bytes'),
  bandwidth: qty('bandwidth'),
  channels: positiveCount,
});

export const boardSchema = z.strictObject({
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
});
export type Board = z.output<typeof boardSchema>;
