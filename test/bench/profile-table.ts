/**
 * Where a CPU profile's time goes, as a Markdown table: self time summed by
 * area of the code (garbage collection, scheduling, lowering, ...), from one
 * or more `.cpuprofile` files written by `node --cpu-prof`. docs/speed.md
 * holds the tables this prints.
 *
 *   node --cpu-prof --cpu-prof-dir=prof dist/test/bench/profile-loop.js dfx 5000
 *   node dist/test/bench/profile-table.js prof/*.cpuprofile [--top 15]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Areas by source file (first match wins); the names the issue's and docs' tables use. */
const AREAS: readonly (readonly [RegExp, string])[] = [
  [/^\(garbage collector\)$/, 'garbage collection'],
  [/^\((program|idle|root)\)$/, 'runtime (program, idle)'],
  [/\/sim\/accumulate\.js$|\/sim\/engine\/program\.js$/, 'per-op totals (accumulator, events)'],
  [/\/sim\/engine\/(schedule|repeat|compiled|trace)\.js$/, 'scheduling (engine)'],
  [/\/sim\/(dfx|sta|systolic|fabnet|gpu)\/(lower|costs|attention|builder|tiling|shares)\.js$/, 'lowering'],
  [/\/sim\/result-builder\.js$|\/sim\/result\.js$/, 'result building'],
  [/\/sim\/(capabilities|memory-check|result-guard)\.js$/, 'checks (capabilities, memory, result guard)'],
  [/\/sim\/(run|simulate|lowering|ranges)\.js$/, 'driver (passes, grouping, lowering cache)'],
  [/\/sim\/[a-z]+\/(template|params|resources)\.js$|\/sim\/fpga-resources\.js$|\/sim\/head-split\.js$/, 'template (params, passes, resources)'],
  [/\/workloads\//, 'workload ops'],
  [/\/arch\//, 'arch (load, validate)'],
  [/\/dse\//, 'sweep (dse)'],
  [/\/node_modules\/zod\//, 'zod validation'],
  [/\/node_modules\/mathjs\/|\/mathjs\.js$/, 'mathjs'],
  [/\/node_modules\//, 'other libraries'],
  [/^node:|^$/, 'Node.js built-ins'],
];

function areaOf(frame: ProfileNode['callFrame']): string {
  const key = frame.url || frame.functionName;
  for (const [re, name] of AREAS) if (re.test(key) || re.test(frame.functionName)) return name;
  return 'other';
}

/** Self time (µs) per area and per function of one profile. */
function aggregate(p: Profile, byArea: Map<string, number>, byFn: Map<string, number>): number {
  const nodes = new Map(p.nodes.map((n) => [n.id, n]));
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const node = nodes.get(p.samples[i]);
    const dt = p.timeDeltas[i] ?? 0;
    if (!node) continue;
    total += dt;
    const area = areaOf(node.callFrame);
    byArea.set(area, (byArea.get(area) ?? 0) + dt);
    const f = node.callFrame;
    const file = f.url.replace(/^.*\/(dist|node_modules)\//, '');
    const fn = `${f.functionName || '(anonymous)'} ${file ? `(${file}:${f.lineNumber + 1})` : ''}`.trim();
    byFn.set(fn, (byFn.get(fn) ?? 0) + dt);
  }
  return total;
}

function table(rows: Map<string, number>, total: number, head: string, top = Infinity): string {
  const sorted = [...rows.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  const lines = [`| ${head} | self time | share |`, '|---|---:|---:|'];
  for (const [k, us] of sorted) lines.push(`| ${k.replace(/\|/g, '\\|')} | ${(us / 1e3).toFixed(0)} ms | ${((100 * us) / total).toFixed(1)} % |`);
  return lines.join('\n');
}

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 15;
const files = topAt >= 0 ? args.filter((_, i) => i !== topAt && i !== topAt + 1) : args;
if (!files.length) {
  console.error('usage: node dist/test/bench/profile-table.js <file.cpuprofile>... [--top n]');
  process.exit(2);
}
const byArea = new Map<string, number>();
const byFn = new Map<string, number>();
let total = 0;
for (const f of files) total += aggregate(JSON.parse(readFileSync(f, 'utf8')) as Profile, byArea, byFn);
console.log(table(byArea, total, 'area'));
console.log();
console.log(table(byFn, total, 'function', top));
console.log();
console.log(`total ${(total / 1e3).toFixed(0)} ms sampled in ${files.length} profile${files.length === 1 ? '' : 's'}`);
