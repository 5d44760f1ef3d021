/**
 * Per-layer weight precision (mixed-precision quantisation): a table of
 * dtypes by layer and op, as `--weight-precision plan.yaml`:
 *   default: int8
 *   layers: { 0: fp16, 11: { ffn_2: fp16 } }
 *   ops: { attn_proj: int4 }
 * Ops not covered keep the design's `precision.weights`. The plan sets
 * `Op.weightDtype` and the weight bytes; the arch decides what the datapath
 * computes in (see docs/sta.md, precision rules).
 */
import { UserError } from '../arch/user-error.js';
import { readYamlFile } from '../arch/yaml-file.js';
import { type LayerTable, readLayerTable } from './layer-table.js';
import { nonzerosPerColumn } from './sparsity.js';
import { DTYPE_BYTES, type DType, type Op } from './trace.js';

export type WeightPrecisionPlan = LayerTable<DType>;

const NAMES = Object.keys(DTYPE_BYTES) as DType[];

export function weightPrecisionFrom(raw: unknown, input: string): WeightPrecisionPlan {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new UserError({ input, problem: 'a weight-precision plan must be a mapping', fix: 'give default, layers and/or ops with dtypes (fp16, int8, int4)' });
  const t = raw as Record<string, unknown>;
  for (const k of Object.keys(t)) {
    if (!['default', 'layers', 'ops'].includes(k)) throw new UserError({ input, field: k, problem: 'unknown field', fix: 'use default, layers and ops' });
  }
  return readLayerTable(t, input, (v, field) => {
    if (typeof v !== 'string' || !(NAMES as string[]).includes(v))
      throw new UserError({ input, field, problem: `expected a dtype, got ${JSON.stringify(v)}`, fix: `use one of: ${NAMES.join(', ')}` });
    return v as DType;
  });
}

export function readWeightPrecisionFile(file: string): WeightPrecisionPlan {
  const raw = readYamlFile(file, 'the --weight-precision path', 'weight-precision plan');
  return weightPrecisionFrom(raw, file);
}

/** A linear op whose weights are stored in `dt`: weight bytes follow (biases keep the op's dtype). */
export function withWeightDtype(o: Op, dt: DType): Op {
  const kept = nonzerosPerColumn(o.k, o.sparsity) * o.n;
  return { ...o, weightDtype: dt, weightBytes: kept * DTYPE_BYTES[dt] + (o.bias ? o.n * DTYPE_BYTES[o.dtype] : 0) };
}
