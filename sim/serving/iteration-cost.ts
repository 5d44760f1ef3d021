/**
 * What one serving iteration costs, memoised so that the model is simulated
 * once per distinct shape and never per iteration. An iteration is built
 * sequence by sequence (`decode(context)`, `prefill(tokens, context)`) and
 * costed at `end()`:
 *
 * - A template that runs sequences one after another (`batching:
 *   'sequential'`, DFX) costs an iteration as the sum of its passes, exactly:
 *   each pass (one token of one sequence) is simulated once per pass key (the
 *   template's statement of which passes cost the same) and memoised.
 * - A template that runs a batch in one pass costs it as one step of at most
 *   two groups: the decoding sequences at their mean context (a batched
 *   attention kernel reads the sum of the contexts, which the mean keeps) and
 *   the prefilling sequences (chunks) at their mean tokens and mean context.
 *   Where the sequences of a group differ, its mean is interpolated linearly
 *   between grid points (grid.ts), each grid shape simulated once; where
 *   they all share a value (one sequence, a static batch of equal requests)
 *   the group is costed at its exact shape, so that serving one request at a
 *   time reproduces `tasim simulate` exactly.
 */
import type { Stage, StepSpec, SeqGroup, Workload } from '../../workloads/trace.js';
import { type Prepared, stepCost } from '../run.js';
import { bracket, type Bracket } from './grid.js';

/** A step's cost: seconds, joules and busy seconds per unit (in the design's unit order). */
export interface Cost {
  readonly seconds: number;
  readonly energy_j: number;
  readonly busy: Float64Array;
}

/** Energy and busy time summed over iterations. */
export class Usage {
  energy_j = 0;
  busy_s = 0;
  readonly unitBusy: Float64Array;
  constructor(units: number) {
    this.unitBusy = new Float64Array(units);
  }
  reset(): void {
    this.energy_j = 0;
    this.busy_s = 0;
    this.unitBusy.fill(0);
  }
  merge(u: Usage): void {
    this.energy_j += u.energy_j;
    this.busy_s += u.busy_s;
    for (let k = 0; k < this.unitBusy.length; k++) this.unitBusy[k] += u.unitBusy[k];
  }
  add(c: Cost, weight = 1): void {
    this.energy_j += c.energy_j * weight;
    this.busy_s += c.seconds * weight;
    for (let u = 0; u < this.unitBusy.length; u++) this.unitBusy[u] += c.busy[u] * weight;
  }
}

/** Token times of a request served alone, and what its steps used (shared: read, never change). */
export interface Alone {
  readonly prefill: number;
  readonly decodes: Float64Array;
  readonly usage: Usage;
}

const ONE_POINT: Bracket = { lo: 0, hi: 0, frac: 0 };

export class IterationCoster {
  readonly units: readonly string[];
  /** Distinct steps simulated so far (the memo's size). */
  simulated = 0;
  private readonly memo = new Map<string, Cost>();
  private readonly alones = new Map<number, Alone>();
  private readonly sequential: boolean;
  // The iteration being built.
  private readonly acc: Usage;
  private decodes = 0;
  private decodeContext = 0;
  private prefills = 0;
  private prefillTokens = 0;
  private prefillContext = 0;
  private prefillEmits = false;
  // Whether every sequence of a group has the same context (or chunk): then the group is costed at its exact shape.
  private decodeSame = true;
  private tokensSame = true;
  private prefillSame = true;
  private firstDecode = 0;
  private firstTokens = 0;
  private firstPrefill = 0;

  constructor(
    private readonly x: Prepared,
    private readonly w: Workload,
  ) {
    this.units = x.units;
    this.sequential = x.capabilities.batching === 'sequential';
    this.acc = new Usage(x.units.length);
  }

  /** Simulated cost of one step shape, once per shape. */
  private cost(spec: StepSpec, known?: string): Cost {
    let key = known;
    if (key === undefined) {
      key = `${spec.stage[0]}${spec.emits ? 1 : 0}`;
      for (const g of spec.seqs) key += `/${g.tokens},${g.context},${g.count}`;
    }
    let c = this.memo.get(key);
    if (!c) {
      const s = stepCost(this.x, this.w, spec);
      c = { seconds: s.seconds, energy_j: s.energy_j, busy: Float64Array.from(this.units, (u) => s.busy_s[u] ?? 0) };
      this.memo.set(key, c);
      this.simulated++;
    }
    return c;
  }

  /**
   * A sequential template: the passes of one sequence's work, each costed
   * once per shape, or once per pass key where the template declares passes
   * with equal keys to cost the same (as the driver does for a request).
   */
  private addPasses(stage: Stage, tokens: number, context: number, emits: boolean): void {
    const t = this.x.template;
    const step: StepSpec = { stage, seqs: [{ tokens, context, count: 1 }], emits };
    const passes = t.passes ? t.passes(this.x.params, step, true) : [{ step, times: 1 }];
    for (const p of passes) {
      const k = t.passKey?.(this.x.params, p.step);
      this.acc.add(this.cost(p.step, k === undefined ? undefined : `k${k}`), p.times);
    }
  }

  begin(): void {
    this.acc.reset();
    this.decodes = 0;
    this.decodeContext = 0;
    this.prefills = 0;
    this.prefillTokens = 0;
    this.prefillContext = 0;
    this.prefillEmits = false;
    this.decodeSame = this.tokensSame = this.prefillSame = true;
  }

  /** One sequence generating one token over `context` cached tokens. */
  decode(context: number): void {
    if (this.sequential) {
      this.addPasses('generation', 1, context, true);
      return;
    }
    if (this.decodes === 0) this.firstDecode = context;
    else this.decodeSame &&= context === this.firstDecode;
    this.decodes++;
    this.decodeContext += context;
  }

  /** `tokens` prompt tokens of one sequence over `context` already cached; `emits` when they finish the prompt. */
  prefill(tokens: number, context: number, emits: boolean): void {
    if (this.sequential) {
      this.addPasses('summarization', tokens, context, emits);
      return;
    }
    if (this.prefills === 0) {
      this.firstTokens = tokens;
      this.firstPrefill = context;
    } else {
      this.tokensSame &&= tokens === this.firstTokens;
      this.prefillSame &&= context === this.firstPrefill;
    }
    this.prefills++;
    this.prefillTokens += tokens;
    this.prefillContext += context;
    this.prefillEmits ||= emits;
  }

  /** The iteration's cost; its energy and busy time are added to `into`. Returns seconds. */
  end(into: Usage): number {
    if (!this.sequential) this.parallelCost();
    into.merge(this.acc);
    return this.acc.busy_s;
  }

  /** A parallel template: the iteration as one step, interpolated between grid shapes where its sequences differ. */
  private parallelCost(): void {
    const nd = this.decodes;
    const np = this.prefills;
    if (nd + np === 0) return;
    const stage: Stage = nd > 0 ? 'generation' : 'summarization';
    const emits = nd > 0 || this.prefillEmits;
    const c = nd ? pointOrBracket(this.decodeSame, this.firstDecode, this.decodeContext / nd) : ONE_POINT;
    const t = np ? pointOrBracket(this.tokensSame, this.firstTokens, this.prefillTokens / np) : ONE_POINT;
    const p = np ? pointOrBracket(this.prefillSame, this.firstPrefill, this.prefillContext / np) : ONE_POINT;
    for (let ci = c.frac ? 1 : 0; ci >= 0; ci--) {
      const cw = c.frac ? (ci ? c.frac : 1 - c.frac) : 1;
      for (let ti = t.frac ? 1 : 0; ti >= 0; ti--) {
        const tw = t.frac ? (ti ? t.frac : 1 - t.frac) : 1;
        for (let pi = p.frac ? 1 : 0; pi >= 0; pi--) {
          const pw = p.frac ? (pi ? p.frac : 1 - p.frac) : 1;
          this.acc.add(this.shape(stage, emits, nd, ci ? c.hi : c.lo, np, ti ? t.hi : t.lo, pi ? p.hi : p.lo), cw * tw * pw);
        }
      }
    }
  }

  /** nd sequences decoding at context cv and np prefilling tv tokens over context pv, as one step (memoised). */
  private shape(stage: Stage, emits: boolean, nd: number, cv: number, np: number, tv: number, pv: number): Cost {
    const key = `${stage === 'generation' ? 'g' : 's'}${emits ? 1 : 0}|${nd}|${cv}|${np}|${tv}|${pv}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const seqs: SeqGroup[] = [];
    if (nd) seqs.push({ tokens: 1, context: cv, count: nd });
    if (np) seqs.push({ tokens: tv, context: pv, count: np });
    return this.cost({ stage, seqs, emits }, key);
  }

  /** Seconds of one request served alone (prefill, then one decode step per further token), and its steps' costs; memoised per (input, output). */
  alone(input: number, output: number): Alone {
    const key = input * 1048576 + output;
    let a = this.alones.get(key);
    if (!a) {
      a = this.aloneUncached(input, output);
      this.alones.set(key, a);
    }
    return a;
  }

  private aloneUncached(input: number, output: number): Alone {
    const usage = new Usage(this.units.length);
    this.begin();
    this.prefill(input, 0, output > 0);
    const prefill = this.end(usage);
    const decodes = new Float64Array(Math.max(0, output - 1));
    for (let k = 0; k < decodes.length; k++) {
      this.begin();
      this.decode(input + k);
      decodes[k] = this.end(usage);
    }
    return { prefill, decodes, usage };
  }
}

/** A group whose sequences all share the value is costed there; otherwise its mean is interpolated on the grid. */
function pointOrBracket(same: boolean, value: number, mean: number): Bracket {
  return same ? { lo: value, hi: value, frac: 0 } : bracket(mean);
}
