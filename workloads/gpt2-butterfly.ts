/**
 * GPT-2 with butterfly-factorised FFNs: the same decoder and request
 * handling as GPT-2, with both FFN matrices replaced by butterfly layers, to
 * ask what butterfly sparsity buys in generation. Config: a GPT-2
 * config.json with model_type "gpt2_butterfly".
 */
import { butterflyLinear } from './butterfly-ops.js';
import { decoderWorkload } from './decoder.js';
import { gpt2FromHfConfig } from './hf-config.js';
import type { CompressionPlan } from './layer-plan.js';
import type { ModelConfig } from './model.js';
import type { Request } from './request.js';
import type { DType, Op, Workload } from './trace.js';

export function gpt2ButterflyFromConfig(raw: unknown, name: string, input: string): ModelConfig {
  const base = gpt2FromHfConfig({ ...(raw as object), model_type: 'gpt2' }, name, input);
  return { ...base, family: 'gpt2_butterfly' };
}

function butterflyFfn(o: Op): Op {
  const mlp = o.role.weight === 'mlp_in' || o.role.weight === 'mlp_out';
  return o.kind === 'linear' && mlp ? butterflyLinear(o.name, 'butterfly', o.m, o.k, o.n, o.dtype, o.bias ?? true, { shard: 'replicated', weight: o.role.weight }) : o;
}

export function gpt2ButterflyWorkload(model: ModelConfig, request: Request, dtype: DType = 'fp16', plan: CompressionPlan = {}): Workload {
  const dense = decoderWorkload(model, request, dtype, plan);
  return {
    ...dense,
    ops(spec) {
      const s = dense.ops(spec);
      return { ...s, layer: s.layer.map(butterflyFfn) };
    },
  };
}
