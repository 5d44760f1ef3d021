/** The user error for a model whose operators a template cannot run (e.g. FFT mixing on DFX). */
import { UserError } from '../arch/user-error.js';

const WHERE: Record<string, string> = {
  butterfly: 'fabnet-vcu128 or a GPU preset',
  fft: 'fabnet-vcu128 or a GPU preset',
};

export function unsupportedOp(template: string, kind: string, model?: string): UserError {
  return new UserError({
    input: '--arch',
    field: template,
    problem: `the ${template} template has no lowering for ${kind} operators${model ? ` (model ${model})` : ''}`,
    fix: `run this model on ${WHERE[kind] ?? 'a template that supports it'}`,
  });
}
