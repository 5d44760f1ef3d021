/**
 * The accelerator templates tasim knows, each a zod schema for its spec
 * files. A new accelerator is a new entry here plus a lowering in sim/.
 */
import type { z } from 'zod';
import { dfxSchema } from './schema/dfx.js';
import { fabnetSchema } from './schema/fabnet.js';
import { gpuSchema } from './schema/gpu.js';
import { staSchema } from './schema/sta.js';
import { systolicSchema } from './schema/systolic.js';

export const TEMPLATES = {
  dfx: dfxSchema,
  sta: staSchema,
  gpu: gpuSchema,
  fabnet: fabnetSchema,
  systolic: systolicSchema,
} as const;

export type TemplateName = keyof typeof TEMPLATES;
export type ArchSpec = { [K in TemplateName]: z.output<(typeof TEMPLATES)[K]> }[TemplateName];

export function isTemplateName(name: unknown): name is TemplateName {
  return typeof name === 'string' && Object.hasOwn(TEMPLATES, name);
}
