/**
 * NSGA-II (Deb et al., IEEE TEC 2002) over value-index genes, for spaces too
 * large to enumerate. Constraint handling by Deb's rule: a feasible design
 * beats an infeasible one, two infeasible ones compare by violation.
 * Deterministic for a seed: evaluations come back in the order asked.
 */
import { frontsByRank, type Vec } from '../pareto.js';
import { lhsGenes } from './sampling.js';
import { makeRng, randInt, type Rng } from '../rng.js';

/** An evaluated individual: objectives to minimise, or how far from feasible it is. */
export type Fitness = { objectives: Vec } | { violation: number };

export interface Nsga2Options {
  /** Number of values of each parameter. */
  sizes: readonly number[];
  population: number;
  /** Distinct designs evaluated, at most. */
  evaluations: number;
  seed: number;
  /** Generations without a new design before stopping (the space is exhausted around the population). */
  patience?: number;
}

/** Evaluate a batch; `excluded` marks genes outside the space (constraints), which cost no evaluation. */
export type BatchEvaluator = (genes: readonly (readonly number[])[]) => Promise<(Fitness | 'excluded')[]>;

interface Individual {
  genes: number[];
  fit: Fitness;
  rank: number;
  crowd: number;
}

const key = (g: readonly number[]) => g.join(',');

export async function nsga2(opts: Nsga2Options, evaluate: BatchEvaluator): Promise<{ evaluated: number; generations: number }> {
  const rng = makeRng(opts.seed);
  const seen = new Map<string, Fitness | 'excluded'>();
  let evaluated = 0;
  const total = opts.sizes.reduce((n, s) => n * s, 1);

  const run = async (batch: number[][]): Promise<Individual[]> => {
    const fresh = batch.filter((g) => !seen.has(key(g)));
    const room = opts.evaluations - evaluated;
    const ask = fresh.slice(0, Math.max(0, room));
    const fits = await evaluate(ask);
    ask.forEach((g, i) => {
      seen.set(key(g), fits[i]);
      if (fits[i] !== 'excluded') evaluated++;
    });
    return batch.flatMap((g) => {
      const f = seen.get(key(g));
      return f && f !== 'excluded' ? [{ genes: g, fit: f, rank: 0, crowd: 0 }] : [];
    });
  };

  let pop = rankAndSelect(await run(dedupe(lhsGenes(opts.sizes, opts.population, opts.seed))), opts.population);
  let generations = 0;
  let idle = 0;
  while (evaluated < opts.evaluations && seen.size < total && idle < (opts.patience ?? 5) && pop.length) {
    generations++;
    const children: number[][] = [];
    const keys = new Set<string>();
    for (let tries = 0; children.length < opts.population && tries < opts.population * 20; tries++) {
      const a = tournament(rng, pop);
      const b = tournament(rng, pop);
      const [c1, c2] = crossover(rng, a.genes, b.genes);
      for (const c of [mutate(rng, c1, opts.sizes), mutate(rng, c2, opts.sizes)]) {
        const k = key(c);
        if (!seen.has(k) && !keys.has(k) && children.length < opts.population) {
          keys.add(k);
          children.push(c);
        }
      }
    }
    const before = evaluated;
    const kids = await run(children);
    idle = evaluated > before ? 0 : idle + 1;
    const merged = new Map<string, Individual>();
    for (const x of [...pop, ...kids]) merged.set(key(x.genes), x);
    pop = rankAndSelect([...merged.values()], opts.population);
  }
  return { evaluated, generations };
}

function dedupe(gs: number[][]): number[][] {
  const m = new Map<string, number[]>();
  for (const g of gs) m.set(key(g), g);
  return [...m.values()];
}

/** Non-dominated sorting + crowding distance; keep the best `n`. */
function rankAndSelect(all: Individual[], n: number): Individual[] {
  const feasible = all.filter((x) => 'objectives' in x.fit);
  const infeasible = all.filter((x) => !('objectives' in x.fit)).sort((a, b) => violation(a) - violation(b) || key(a.genes).localeCompare(key(b.genes)));
  const out: Individual[] = [];
  const fronts = frontsByRank(feasible.map((x) => (x.fit as { objectives: Vec }).objectives));
  fronts.forEach((f, r) => {
    const members = f.map((i) => feasible[i]);
    crowding(members);
    for (const m of members) m.rank = r;
    if (out.length + members.length <= n) out.push(...members);
    else if (out.length < n) {
      members.sort((a, b) => b.crowd - a.crowd || key(a.genes).localeCompare(key(b.genes)));
      out.push(...members.slice(0, n - out.length));
    }
  });
  infeasible.forEach((x) => {
    x.rank = fronts.length + 1;
    x.crowd = -violation(x);
  });
  out.push(...infeasible.slice(0, Math.max(0, n - out.length)));
  return out;
}

function violation(x: Individual): number {
  return 'violation' in x.fit ? x.fit.violation : 0;
}

function crowding(members: Individual[]): void {
  for (const m of members) m.crowd = 0;
  if (!members.length) return;
  const dims = (members[0].fit as { objectives: Vec }).objectives.length;
  for (let d = 0; d < dims; d++) {
    const obj = (m: Individual) => (m.fit as { objectives: Vec }).objectives[d];
    const s = [...members].sort((a, b) => obj(a) - obj(b));
    const span = obj(s[s.length - 1]) - obj(s[0]);
    s[0].crowd = s[s.length - 1].crowd = Infinity;
    if (span <= 0) continue;
    for (let i = 1; i < s.length - 1; i++) s[i].crowd += (obj(s[i + 1]) - obj(s[i - 1])) / span;
  }
}

/** Binary tournament on (rank, crowding): Deb's crowded comparison. */
function tournament(rng: Rng, pop: Individual[]): Individual {
  const a = pop[randInt(rng, pop.length)];
  const b = pop[randInt(rng, pop.length)];
  if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
  return a.crowd >= b.crowd ? a : b;
}

/** Uniform crossover (probability 0.9): each gene from either parent. */
function crossover(rng: Rng, a: readonly number[], b: readonly number[]): [number[], number[]] {
  if (rng() > 0.9) return [[...a], [...b]];
  const c1: number[] = [];
  const c2: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const swap = rng() < 0.5;
    c1.push(swap ? b[i] : a[i]);
    c2.push(swap ? a[i] : b[i]);
  }
  return [c1, c2];
}

/**
 * Each gene mutates with probability 1/genes (at least one gene on average):
 * mostly a step to a neighbouring value (parameters are ordered), sometimes a
 * fresh value anywhere.
 */
function mutate(rng: Rng, g: number[], sizes: readonly number[]): number[] {
  const p = 1 / g.length;
  const out = g.map((v, i) => {
    if (sizes[i] < 2 || rng() >= p) return v;
    if (rng() < 0.3) return randInt(rng, sizes[i]);
    const step = rng() < 0.5 ? -1 : 1;
    return Math.min(sizes[i] - 1, Math.max(0, v + step));
  });
  return out;
}
