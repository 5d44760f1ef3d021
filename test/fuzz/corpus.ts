/**
 * The hostile inputs tasim was once broken by (internal errors, hangs, wrong
 * successes, prototype pollution), and their relatives: each must now end in
 * a clean refusal (exit 2) or an infeasible design (exit 3).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Case {
  readonly name: string;
  readonly args: readonly string[];
  /** Acceptable exit codes (default 2). */
  readonly exit?: readonly number[];
  /** Also run through the spawned binary (a representative subset: spawning costs ~0.5 s). */
  readonly spawn?: boolean;
}

const SIM = ['--model', 'gpt2', '--input', '8', '--output', '8'];
const sim = (...extra: string[]) => ['simulate', '--arch', 'dfx', ...SIM, ...extra];

/** A small space the corrupt ones start from. */
export const GOOD_SPACE = `name: fuzz
base: { arch: dfx, model: gpt2 }
requests:
  - { input: 16, output: 16 }
parameters:
  mpu.lanes: [8, 16]
objectives:
  - latency_s
  - energy_per_token_j
`;

const GPT2 = { model_type: 'gpt2', n_layer: 12, n_embd: 768, n_head: 12, vocab_size: 50257, n_positions: 1024 };

/** Write the corpus' files into `dir` and return its cases. `run` is a finished run directory to corrupt. */
export function buildCorpus(dir: string, run: string): Case[] {
  const file = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  const space = (name: string, text: string) => ['sweep', file(`${name}.yaml`, text), '--out', join(dir, `out-${name}`), '--workers', '0', '--quiet'];
  const withParams = (params: string, extra = '') => GOOD_SPACE.replace('  mpu.lanes: [8, 16]\n', params) + extra;
  const model = (name: string, cfg: object) => sim().map((a) => (a === 'gpt2' ? file(`${name}.json`, JSON.stringify(cfg)) : a));
  const runCopy = (name: string, edit: (d: string) => void) => {
    const d = join(dir, name);
    mkdirSync(d);
    for (const f of ['manifest.json', 'results.jsonl', 'space.yaml', 'pareto.json', 'pareto.csv']) copyFileSync(join(run, f), join(d, f));
    edit(d);
    return ['sweep', join(run, 'space.yaml'), '--out', d, '--resume', '--workers', '0', '--quiet'];
  };
  const junk = 'k: [1, {a: "'.repeat(1) + 'x'.repeat(10 * 1024 * 1024);
  const aliasBomb = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
  ].join('\n');
  mkdirSync(join(dir, 'adir'));
  writeFileSync(join(dir, 'out-file'), 'not a directory');
  const readOnly = '/sys/tasim-fuzz-out';

  return [
    // Names that are prototype properties.
    { name: '--arch constructor', args: ['simulate', '--arch', 'constructor', ...SIM], spawn: true },
    { name: '--arch __proto__', args: ['simulate', '--arch', '__proto__', ...SIM] },
    { name: '--arch hasOwnProperty', args: ['simulate', '--arch', 'hasOwnProperty', ...SIM] },
    { name: '--model constructor', args: ['simulate', '--arch', 'dfx', '--model', 'constructor', '--input', '8', '--output', '8'] },
    { name: '--gpu toString', args: ['compare', '--arch', 'dfx', '--gpu', 'toString', ...SIM] },
    { name: '--stack constructor', args: ['simulate', '--arch', 'v100', ...SIM, '--stack', 'constructor'] },
    { name: 'model_type __proto__', args: model('m-proto', { ...GPT2, model_type: '__proto__' }), spawn: true },
    { name: 'model_type valueOf', args: model('m-valueof', { ...GPT2, model_type: 'valueOf' }) },
    { name: 'model_type hasOwnProperty', args: model('m-hasown', { ...GPT2, model_type: 'hasOwnProperty' }) },
    { name: 'model_type a number', args: model('m-num', { ...GPT2, model_type: 7 }) },
    { name: 'model key __proto__', args: sim().map((a) => (a === 'gpt2' ? file('m-key.json', `{"__proto__": {"polluted": 1}, "n_layer": 12}`) : a)) },
    // Prototype pollution through paths.
    { name: '--set __proto__.toString=1', args: sim('--set', '__proto__.toString=1'), spawn: true },
    { name: '--set __proto__.valueOf=1', args: sim('--set', '__proto__.valueOf=1') },
    { name: '--set __proto__.hasOwnProperty=1', args: sim('--set', '__proto__.hasOwnProperty=1') },
    { name: '--set constructor.prototype.x=1', args: sim('--set', 'constructor.prototype.x=1') },
    { name: '--set mpu.__proto__.polluted=1', args: sim('--set', 'mpu.__proto__.polluted=1') },
    { name: '--set toString=1', args: sim('--set', 'toString=1') },
    { name: '--set mpu..lanes=1', args: sim('--set', 'mpu..lanes=1') },
    { name: 'spec key __proto__', args: ['simulate', '--arch', file('proto.yaml', 'extends: dfx\n__proto__: { clock: 1 GHz }\n'), ...SIM], spawn: true },
    { name: 'spec key constructor (nested)', args: ['simulate', '--arch', file('ctor.yaml', 'extends: dfx\nmpu:\n  constructor: { prototype: { x: 1 } }\n'), ...SIM] },
    {
      name: 'space base.set __proto__',
      args: space('s-baseset', GOOD_SPACE.replace('base: { arch: dfx, model: gpt2 }', 'base: { arch: dfx, model: gpt2, set: ["__proto__.toString=1"] }')),
      spawn: true,
    },
    { name: 'space parameter __proto__', args: space('s-param', withParams('  __proto__: [1, 2]\n  mpu.lanes: [8, 16]\n')) },
    { name: 'space parameter constructor.prototype.x', args: space('s-param2', withParams('  constructor.prototype.x: [1, 2]\n  mpu.lanes: [8, 16]\n')) },
    { name: 'space derived __proto__.x', args: space('s-derived', `${GOOD_SPACE}derived:\n  __proto__.x: mpu.lanes\n`) },
    { name: 'space expression reaching constructor', args: space('s-expr-ctor', `${GOOD_SPACE}constraints:\n  - mpu.lanes.constructor == 1\n`) },
    // Files that are not files, or too large to be specs.
    { name: '--arch a directory', args: ['simulate', '--arch', join(dir, 'adir'), ...SIM], spawn: true },
    { name: 'extends: a directory', args: ['simulate', '--arch', file('ext-dir.yaml', `extends: ${join(dir, 'adir')}\n`), ...SIM] },
    { name: '--arch /dev/zero', args: ['simulate', '--arch', '/dev/zero', ...SIM], spawn: true },
    { name: '--model /dev/zero', args: ['simulate', '--arch', 'dfx', '--model', '/dev/zero', '--input', '8', '--output', '8'] },
    { name: '--sparsity /dev/zero', args: sim('--sparsity', '/dev/zero') },
    { name: '--weight-precision a directory', args: sim('--weight-precision', join(dir, 'adir')) },
    { name: 'space /dev/zero', args: ['sweep', '/dev/zero', '--out', join(dir, 'out-zero'), '--quiet'] },
    { name: 'space a directory', args: ['sweep', join(dir, 'adir'), '--out', join(dir, 'out-dir'), '--quiet'] },
    { name: 'a 10 MB junk spec', args: ['simulate', '--arch', file('junk.yaml', junk), ...SIM], spawn: true },
    { name: 'report /dev/zero', args: ['report', '/dev/zero', '-o', join(dir, 'r.html')] },
    // YAML built to exhaust the parser.
    { name: 'YAML alias bomb', args: ['simulate', '--arch', file('bomb.yaml', aliasBomb), ...SIM], spawn: true },
    { name: 'self-referencing alias', args: ['simulate', '--arch', file('self.yaml', 'a: &a [*a]\n'), ...SIM] },
    { name: 'self-referencing mapping alias', args: ['simulate', '--arch', file('self2.yaml', 'extends: dfx\nmpu: &m { lanes: 16, x: *m }\n'), ...SIM] },
    { name: 'deep nesting', args: ['simulate', '--arch', file('deep.yaml', `${'['.repeat(5000)}${']'.repeat(5000)}`), ...SIM] },
    { name: 'YAML 1.1 set', args: ['simulate', '--arch', file('set.yaml', '%YAML 1.1\n---\nextends: dfx\nmpu: !!set { lanes, d }\n'), ...SIM] },
    { name: 'a timestamp value', args: ['simulate', '--arch', file('date.yaml', '%YAML 1.1\n---\nextends: dfx\nclock: 2001-12-14t21:59:43.10-05:00\n'), ...SIM] },
    { name: 'a duplicate key', args: ['simulate', '--arch', file('dup.yaml', 'extends: dfx\nclock: 200 MHz\nclock: 250 MHz\n'), ...SIM] },
    { name: 'a complex key', args: ['simulate', '--arch', file('ckey.yaml', 'extends: dfx\n? [a, b]\n: 1\n'), ...SIM] },
    { name: 'YAML given as a JSON model', args: sim().map((a) => (a === 'gpt2' ? file('yaml-model.json', 'n_layer: 12\nn_embd: 768\n') : a)), spawn: true },
    { name: 'unknown extends preset', args: ['simulate', '--arch', file('ext.yaml', 'extends: nosuch\n'), ...SIM] },
    { name: 'extends cycle', args: ['simulate', '--arch', file('cyc.yaml', 'extends: ./cyc.yaml\n'), ...SIM] },
    // Absurd physical values.
    { name: 'clock 1e-300 Hz', args: sim('--set', 'clock=1e-300Hz') },
    { name: 'clock 200 GB (a size)', args: sim('--set', 'clock=200 GB') },
    { name: 'clock [1,2]', args: ['simulate', '--arch', file('clock-list.yaml', 'extends: dfx\nclock: [1, 2]\n'), ...SIM] },
    { name: 'efficiency 1e-300', args: sim('--set', 'dma.hbm_efficiency=1e-300') },
    { name: 'hop latency 1e308 s', args: sim('--set', 'router.hop_latency=1e308 s') },
    { name: 'static power 1e308 W', args: sim('--set', 'power.static=1e308 W') },
    { name: 'energy per bit 1 J', args: sim('--set', 'energy.hbm_per_bit=1 J') },
    { name: 'GPU bandwidth 1e-300 B/s', args: ['simulate', '--arch', 'v100', ...SIM, '--set', 'memory.bandwidth=1e-300 B/s'] },
    { name: 'GPU efficiency 1e-300', args: ['simulate', '--arch', 'v100', ...SIM, '--set', 'stacks.fastertransformer.memory_efficiency=1e-300'] },
    { name: '--devices 1e9', args: sim('--devices', '1e9'), spawn: true },
    { name: '--devices -1', args: sim('--devices', '-1') },
    { name: '--devices 2.5', args: sim('--devices', '2.5') },
    { name: 'mpu.lanes 1e300', args: sim('--set', 'mpu.lanes=1e300') },
    { name: 'kernel count 1e9', args: ['simulate', '--arch', 'v100', ...SIM, '--set', 'stacks.fastertransformer.kernels.linear=1000000000'] },
    { name: 'a design that does not fit', args: sim('--set', 'mpu.lanes=64', '--set', 'mpu.d=128'), exit: [3] },
    // Requests and flags.
    { name: '--input 1e300', args: ['simulate', '--arch', 'dfx', '--model', 'gpt2', '--input', '1e300', '--output', '8'] },
    { name: '--input -5', args: ['simulate', '--arch', 'dfx', '--model', 'gpt2', '--input', '-5', '--output', '8'] },
    { name: '--output NaN', args: ['simulate', '--arch', 'dfx', '--model', 'gpt2', '--input', '8', '--output', 'NaN'] },
    { name: '--batch 1e9', args: sim('--batch', '1e9') },
    { name: '--sparsity -1:4', args: sim('--sparsity', '-1:4') },
    { name: '--sparsity 5:4', args: sim('--sparsity', '5:4') },
    { name: '--sparsity 1:1e9', args: sim('--sparsity', '1:1e9') },
    { name: '--stack on a non-GPU', args: sim('--stack', 'megatron') },
    { name: '--gpu given twice', args: ['compare', '--arch', 'dfx', '--gpu', 'v100', ...SIM, '--gpu', 'dfx'], spawn: true },
    { name: '--arch given twice', args: [...sim(), '--arch', 'sta'] },
    { name: '--input given twice', args: [...sim(), '--input', '9'] },
    {
      name: '--exact on a long request of a deep model',
      args: [
        'simulate',
        '--arch',
        'dfx',
        '--model',
        file('deep-model.json', JSON.stringify({ ...GPT2, n_layer: 1024, n_positions: 65536 })),
        '--input',
        '1024',
        '--output',
        '1024',
        '--exact',
      ],
    },
    // Model configs.
    { name: 'n_layer 1e9', args: model('m-layers', { ...GPT2, n_layer: 1e9 }) },
    { name: 'n_embd 1e300', args: model('m-embd', { ...GPT2, n_embd: 1e300 }) },
    { name: 'n_head 0', args: model('m-head', { ...GPT2, n_head: 0 }) },
    { name: 'n_positions 1e12', args: model('m-pos', { ...GPT2, n_positions: 1e12 }) },
    { name: 'a model config that is a list', args: model('m-list', [1, 2, 3]) },
    { name: 'a model config that is null', args: sim().map((a) => (a === 'gpt2' ? file('m-null.json', 'null') : a)) },
    // Space sizes.
    { name: 'range of 1e12 values', args: space('s-range12', withParams('  clock: { range: { from: 1, to: 1000000000000, count: 1000000000000 }, unit: Hz }\n')), spawn: true },
    { name: 'range with a step of 1e-300', args: space('s-step', withParams('  mpu.lanes: { range: { from: 8, to: 16, step: 1e-300 } }\n')) },
    { name: 'range of 1e8 values', args: space('s-range8', withParams('  mpu.lanes: { range: { from: 1, to: 100000000, step: 1 } }\n')) },
    { name: 'log_range with a factor of 1.0000001', args: space('s-log', withParams('  mpu.lanes: { log_range: { from: 1, to: 1000, factor: 1.0000001 } }\n')) },
    {
      name: 'a grid of 1e6 designs',
      args: space(
        's-grid',
        withParams(
          '  mpu.lanes: { range: { from: 1, to: 100, step: 1 } }\n  mpu.d: { range: { from: 1, to: 100, step: 1 } }\n  clock: { range: { from: 100, to: 199, step: 1 }, unit: MHz }\n',
        ),
      ),
      spawn: true,
    },
    {
      name: 'values beyond the total',
      args: space(
        's-total',
        withParams(
          '  mpu.lanes: { range: { from: 1, to: 1000, step: 1 } }\n  mpu.d: { range: { from: 1, to: 1000, step: 1 } }\n  clock: { range: { from: 100, to: 1000, step: 1 }, unit: MHz }\n',
        ),
      ),
    },
    { name: 'random with 1e9 samples', args: space('s-random', `${GOOD_SPACE}strategy: { kind: random, samples: 1000000000 }\n`) },
    { name: 'lhs with 1e8 samples', args: space('s-lhs', `${GOOD_SPACE}strategy: { kind: lhs, samples: 100000000 }\n`) },
    { name: 'nsga2 with 1e9 evaluations', args: space('s-nsga', `${GOOD_SPACE}strategy: { kind: nsga2, evaluations: 1000000000 }\n`) },
    { name: 'nsga2 with a population of 1e8', args: space('s-pop', `${GOOD_SPACE}strategy: { kind: nsga2, population: 100000000, evaluations: 1000 }\n`) },
    { name: 'to below from', args: space('s-to', withParams('  mpu.lanes: { range: { from: 32, to: 8, step: 8 } }\n')) },
    { name: 'mixes: {}', args: space('s-mixes', GOOD_SPACE.replace('requests:\n  - { input: 16, output: 16 }\n', 'mixes: {}\n')), spawn: true },
    {
      name: 'request weights of 1e308',
      args: space(
        's-weights',
        GOOD_SPACE.replace('  - { input: 16, output: 16 }\n', '  - { input: 16, output: 16, weight: 1e308 }\n  - { input: 32, output: 16, weight: 1e308 }\n'),
      ),
    },
    { name: 'space clock ["200 GB"]', args: space('s-gb', withParams('  clock: ["200 GB"]\n')) },
    { name: 'space clock { values: [200], unit: GB }', args: space('s-gb2', withParams('  clock: { values: [200], unit: GB }\n')) },
    { name: 'space clock 1e-300 Hz', args: space('s-clock', withParams('  clock: { values: [1e-300], unit: Hz }\n')) },
    // Expressions.
    { name: 'constraint range(1,1e9)', args: space('s-e-range', `${GOOD_SPACE}constraints:\n  - size(range(1, 1e9))[1] > 0\n`), spawn: true },
    { name: 'constraint zeros(1e5,1e5)', args: space('s-e-zeros', `${GOOD_SPACE}constraints:\n  - sum(zeros(1e5, 1e5)) == 0\n`) },
    { name: 'constraint 1:1e9', args: space('s-e-colon', `${GOOD_SPACE}constraints:\n  - "size(1:1e9) > 0"\n`) },
    { name: 'constraint evaluate()', args: space('s-e-eval', `${GOOD_SPACE}constraints:\n  - evaluate("1 == 1")\n`) },
    { name: 'constraint import()', args: space('s-e-import', `${GOOD_SPACE}constraints:\n  - import({x: 1}) == 1\n`) },
    { name: 'derived function definition', args: space('s-e-fn', `${GOOD_SPACE}derived:\n  f: "g(x) = x"\n`) },
    { name: 'derived assignment', args: space('s-e-assign', `${GOOD_SPACE}derived:\n  f: "y = 1"\n`) },
    { name: 'derived matrix', args: space('s-e-matrix', `${GOOD_SPACE}derived:\n  f: "[1, 2, 3]"\n`) },
    { name: 'constraint with a unit', args: space('s-e-unit', `${GOOD_SPACE}constraints:\n  - mpu.lanes * 2 MHz > 1\n`) },
    { name: 'constraint with an unknown name', args: space('s-e-unknown', `${GOOD_SPACE}constraints:\n  - nosuch > 1\n`) },
    { name: 'constraint unknown only at the second design', args: space('s-e-second', `${GOOD_SPACE}constraints:\n  - "mpu.lanes > 8 ? nosuch : true"\n`) },
    { name: 'constraint giving 5', args: space('s-e-five', `${GOOD_SPACE}constraints:\n  - "5"\n`) },
    { name: 'constraint giving 5 at the second design', args: space('s-e-five2', `${GOOD_SPACE}constraints:\n  - "mpu.lanes > 8 ? 5 : true"\n`), spawn: true },
    { name: 'derived complex number', args: space('s-e-complex', `${GOOD_SPACE}derived:\n  x: sqrt(-mpu.lanes)\n`) },
    { name: 'a 5000-character expression', args: space('s-e-long', `${GOOD_SPACE}constraints:\n  - "${'1 + '.repeat(1250)}1 > 0"\n`) },
    // Baselines.
    { name: 'baseline with an unknown stack', args: space('s-b-stack', `${GOOD_SPACE}baselines:\n  - { label: g, arch: v100, stack: deepspeed-mii }\n`), spawn: true },
    {
      name: 'a skipped baseline and an error later on',
      args: space('s-b-later', `${GOOD_SPACE}constraints:\n  - "mpu.lanes > 8 ? 5 : true"\nbaselines:\n  - { label: g, arch: no-such-gpu }\n`),
    },
    { name: 'baseline with a stack on a non-GPU', args: space('s-b-nongpu', `${GOOD_SPACE}baselines:\n  - { label: g, arch: dfx, stack: megatron }\n`) },
    // Run directories.
    { name: 'sweep --out an existing file', args: ['sweep', file('ok.yaml', GOOD_SPACE), '--out', join(dir, 'out-file'), '--workers', '0', '--quiet'], spawn: true },
    { name: 'sweep --out under /proc', args: ['sweep', file('ok2.yaml', GOOD_SPACE), '--out', '/proc/tasim-fuzz/run', '--workers', '0', '--quiet'], spawn: true },
    { name: 'sweep --out on a read-only file system', args: ['sweep', file('ok3.yaml', GOOD_SPACE), '--out', readOnly, '--workers', '0', '--quiet'] },
    {
      name: '--resume with a null line',
      args: runCopy('run-null', (d) => writeFileSync(join(d, 'results.jsonl'), `${readFileSync(join(d, 'results.jsonl'), 'utf8')}null\n`)),
      spawn: true,
    },
    {
      name: '--resume with a truncated manifest',
      args: runCopy('run-trunc', (d) => writeFileSync(join(d, 'manifest.json'), readFileSync(join(d, 'manifest.json'), 'utf8').slice(0, 100))),
    },
    { name: '--resume with a manifest that is null', args: runCopy('run-nullman', (d) => writeFileSync(join(d, 'manifest.json'), 'null')) },
    { name: '--workers 100000', args: ['sweep', file('ok5.yaml', GOOD_SPACE), '--out', join(dir, 'out-workers'), '--workers', '100000', '--quiet'], spawn: true },
    { name: '--shard 0/0', args: ['sweep', file('ok6.yaml', GOOD_SPACE), '--out', join(dir, 'out-shard'), '--shard', '0/0', '--quiet'] },
    { name: '--max-designs 0', args: ['sweep', file('ok4.yaml', GOOD_SPACE), '--out', join(dir, 'out-max'), '--max-designs', '0'] },
    { name: 'merge of a directory that is no run', args: ['merge', join(dir, 'adir'), '--out', join(dir, 'out-merge')] },
    {
      name: 'calibrate with a directory for measurements',
      args: ['calibrate', '--gpu', 'a100-80gb', '--stack', 'fastertransformer', '--measurements', join(dir, 'adir'), '-o', join(dir, 'cal.yaml')],
    },
    {
      name: 'calibrate with a batch beyond the request bound',
      args: [
        'calibrate',
        '--gpu',
        'a100-80gb',
        '--stack',
        'fastertransformer',
        '--measurements',
        file('cal-batch.csv', 'model,batch,input,output,tp,latency_ms\ngpt2,1e9,8,8,1,5\n'),
        '-o',
        join(dir, 'cal.yaml'),
      ],
    },
    {
      name: 'calibrate with a latency that is not a number',
      args: [
        'calibrate',
        '--gpu',
        'a100-80gb',
        '--stack',
        'fastertransformer',
        '--measurements',
        file('cal-nan.csv', 'model,batch,input,output,tp,latency_ms\ngpt2,1,8,8,1,NaN\n'),
        '-o',
        join(dir, 'cal.yaml'),
      ],
    },
    {
      name: 'calibrate of a stack the GPU does not have',
      args: [
        'calibrate',
        '--gpu',
        'a100-80gb',
        '--stack',
        '__proto__',
        '--measurements',
        file('cal-ok.csv', 'model,batch,input,output,tp,latency_ms\ngpt2,1,8,8,1,5\n'),
        '-o',
        join(dir, 'cal.yaml'),
      ],
    },
  ];
}
