/** The measured GPU rows as validation cases (`tasim validate` lists each with its role). */
import type { ValidationCase } from './case.js';
import { type MeasuredRun, inRowMetric, measuredRuns } from './gpu-measured-cases.js';
import { runConfig } from './gpu-run.js';

/** Calibration rows are held to the fit's accuracy, validation rows to the acceptance bound (docs/gpu.md). */
const MEASURED_TOLERANCE = { calibration: 15, validation: 20 } as const;

function toCase(r: MeasuredRun): ValidationCase {
  const c = r.config;
  const row = r.row;
  return {
    id: row.id,
    role: r.role,
    ...(c ? { gpu: { stack: c.stack, batchClass: r.batchClass } } : {}),
    ...(r.role === 'reference' ? {} : { tolerance_pct: MEASURED_TOLERANCE[r.role] }),
    published: {
      id: row.id,
      system: `${row.stack}${row.stack_variant ? ` (${row.stack_variant})` : ''}`,
      model: row.model,
      devices: `${row.tensor_parallel * (row.pipeline_parallel ?? 1)} x ${row.gpu}`,
      input_tokens: row.input_tokens,
      output_tokens: row.output_tokens,
      metric: row.metric,
      value: row.value,
      source: row.source,
      note: row.notes,
    },
    setup: c
      ? `${c.arch} x${c.devices} ${c.stack}, ${c.model}, batch ${c.batch}, ${c.input}:${c.output}${c.sparsity ? ', 2:4' : ''}${c.dtype === 'fp16' ? '' : `, ${c.dtype}`}${c.set.length ? `, ${c.set.join(' ')}` : ''}${r.why ? ` (reference: ${r.why})` : ''}`
      : `not simulated: ${r.why ?? ''}`,
    // A row tasim cannot run has no simulated value (NaN: shown as n/a, left out of every mean).
    simulate: async (s) => (c ? inRowMetric(r, await runConfig(c, s ?? [])) : Number.NaN),
  };
}

export const GPU_MEASURED_CASES: ValidationCase[] = measuredRuns().map(toCase);
