/**
 * Closed-form cycle counts of DFX's units. The matrix unit consumes one
 * d x lanes weight tile per cycle at best; partial sums of a column group are
 * accumulated by a pipelined FP16 adder, so a group can be revisited only
 * every `adder` cycles. The zigzag walk interleaves `zigGroups` groups, which
 * bounds the rate at zigGroups / adder tiles per cycle when K spans several
 * row blocks: this, not bandwidth, is what holds DFX near a third of peak.
 */
import { type NmPattern, metadataBits } from '../../workloads/sparsity.js';
import type { DfxParams } from './params.js';

const log2c = (x: number) => (x <= 1 ? 0 : Math.ceil(Math.log2(x)));

const isSparse = (s: NmPattern | undefined): s is NmPattern => !!s && s.n < s.m;

/**
 * Reduction elements one tile row covers: d dense weights, or with N:M
 * weights d kept weights, i.e. d / N groups of M activations (each
 * multiplier selects the activation its weight belongs to).
 */
function tileReach(p: DfxParams, s?: NmPattern): number {
  return isSparse(s) ? Math.max(1, Math.floor(p.d / s.n)) * s.m : p.d;
}

/** Weight tiles and MPU busy cycles of one matrix-vector product [1 x k] . [k x n]. */
export function gemv(p: DfxParams, k: number, n: number, s?: NmPattern): { tiles: number; cycles: number } {
  const rows = Math.ceil(k / tileReach(p, s));
  const groups = Math.ceil(n / p.lanes);
  const band = (w: number) => w + (rows - 1) * Math.max(w, p.adder);
  const full = Math.floor(groups / p.zigGroups);
  const rest = groups % p.zigGroups;
  return { tiles: rows * groups, cycles: full * band(p.zigGroups) + (rest ? band(rest) : 0) };
}

/** HBM bytes of one tile: its weights (in their storage precision) plus, for N:M weights, their index metadata. */
export function tileBytes(p: DfxParams, s?: NmPattern, wBytes = p.wBytes): number {
  if (!isSparse(s)) return p.d * p.lanes * wBytes;
  return p.d * p.lanes * wBytes + metadataBits(tileReach(p, s), p.lanes, s, p.nmEncoding) / 8;
}

/** VPU cycles to stream n elements once. */
export function pass(p: DfxParams, n: number): number {
  return Math.ceil(n / p.v);
}

/** One vector instruction: cycles on the VPU and pipeline latency until its result is usable. */
export interface VecStep {
  busy: number;
  latency: number;
}

/** accum: sum n elements to a scalar (pairwise vector adds, then the SFU_V adder tree). */
export function reduce(p: DfxParams, n: number): VecStep {
  let vectors = Math.ceil(n / p.v);
  let busy = 0;
  while (vectors > 1) {
    busy += Math.floor(vectors / 2) + p.vAdd;
    vectors = Math.ceil(vectors / 2);
  }
  return { busy: Math.max(1, busy), latency: log2c(p.v) * p.vAdd };
}

const elementwise = (p: DfxParams, n: number, latency: number): VecStep => ({ busy: pass(p, n), latency });
const scalar = (latency: number): VecStep => ({ busy: 1, latency });

/**
 * LayerNorm over n elements as DFX composes it from vector instructions
 * (DFX §5): accum, scale, sub, mul, accum, scale+eps, recip_sqrt, mul, mul
 * (gamma), add (beta). Each depends on the one before.
 */
export function layerNormSteps(p: DfxParams, n: number): VecStep[] {
  return [
    reduce(p, n),
    scalar(p.vMul),
    elementwise(p, n, p.vAdd),
    elementwise(p, n, p.vMul),
    reduce(p, n),
    scalar(p.vMul + p.vAdd),
    scalar(p.vRsqrt),
    elementwise(p, n, p.vMul),
    elementwise(p, n, p.vMul),
    elementwise(p, n, p.vAdd),
  ];
}

/**
 * RMSNorm over n elements from the same instructions, without the mean:
 * mul (square), accum, scale+eps, recip_sqrt, mul, mul (gamma).
 */
export function rmsNormSteps(p: DfxParams, n: number): VecStep[] {
  return [elementwise(p, n, p.vMul), reduce(p, n), scalar(p.vMul + p.vAdd), scalar(p.vRsqrt), elementwise(p, n, p.vMul), elementwise(p, n, p.vMul)];
}

/** Rotary embedding of n values: mul (cos), mul (sin, on the pair-swapped copy), add. */
export function rotarySteps(p: DfxParams, n: number): VecStep[] {
  return [elementwise(p, n, p.vMul), elementwise(p, n, p.vMul), elementwise(p, n, p.vAdd)];
}

/** Softmax over c scores whose maximum the SFU already produced: sub, exp, accum, recip, mul. */
export function softmaxSteps(p: DfxParams, c: number): VecStep[] {
  return [elementwise(p, c, p.vAdd), elementwise(p, c, p.vExp), reduce(p, c), scalar(p.vRecip), elementwise(p, c, p.vMul)];
}

/** Ring all-gather: each device contributes `bytes`; returns link-busy and latency cycles. */
export function allGather(p: DfxParams, bytes: number): { busy: number; latency: number; linkBytes: number } {
  const k = p.devices;
  if (k <= 1) return { busy: 0, latency: 0, linkBytes: 0 };
  const steps = p.bidirectional ? Math.ceil((k - 1) / 2) : k - 1;
  const perLink = ((k - 1) * bytes) / (p.bidirectional ? 2 : 1);
  return { busy: Math.ceil(perLink / p.linkBpc), latency: p.syncCycles + steps * p.hopCycles, linkBytes: (k - 1) * bytes };
}
