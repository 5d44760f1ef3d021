/** Every accelerator template, by name: one implementation of sim/template.ts each. */
import type { TemplateName } from '../arch/registry.js';
import type { OpKind } from '../workloads/trace.js';
import { dfxTemplate } from './dfx/template.js';
import { fabnetTemplate } from './fabnet/template.js';
import { gpuTemplate } from './gpu/template.js';
import { staTemplate } from './sta/template.js';
import { systolicTemplate } from './systolic/template.js';
import type { AnyTemplate } from './template.js';

const TEMPLATES: Record<TemplateName, AnyTemplate> = {
  dfx: dfxTemplate,
  sta: staTemplate,
  gpu: gpuTemplate,
  fabnet: fabnetTemplate,
  systolic: systolicTemplate,
};

export function templateOf(name: TemplateName): AnyTemplate {
  return TEMPLATES[name];
}

/** The templates that lower an operator kind. */
export function opSupport(kind: OpKind): string[] {
  return Object.values(TEMPLATES)
    .filter((t) => t.ops.has(kind))
    .map((t) => t.name);
}
