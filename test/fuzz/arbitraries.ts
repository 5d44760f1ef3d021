/**
 * fast-check generators of hostile input: spec files, `--set` overrides,
 * model configs, command-line flags and space files, each built from valid
 * ones with a few parts replaced by extreme numbers, wrong units, wrong
 * types, prototype keys and code.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

/** Numbers at and beyond every bound, and ordinary ones. */
const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(0, -0, -1, 1, 2, 0.5, 1e-300, 5e-324, 1e308, -1e308, 0.001, 0.0099, 0.01, 4096, 4097, 65536, 1e6, 1e9, 1e12, 2 ** 53, 1e-9, 16384, 16385),
  },
  { weight: 1, arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
);

const units = ['Hz', 'MHz', 'GHz', 'kHz', 'B', 'GB', 'GiB', 'bit', 'B/s', 'GB/s', 'TB/s', 's', 'ms', 'us', 'ns', 'J', 'pJ', 'W', 'kW', 'USD', 'TFLOP/s', 'm', 'parsec', 'MHzz', ''];
const unitText: fc.Arbitrary<string> = fc.tuple(hostileNumber, fc.constantFrom(...units)).map(([n, u]) => `${n} ${u}`.trim());

const words = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'value',
  'source',
  'extends',
  'NaN',
  'Infinity',
  '-1:4',
  '2:4',
  'fp16',
  'int4',
  'hbm',
  '',
);
const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileNumber },
  { weight: 4, arbitrary: unitText },
  { weight: 2, arbitrary: words },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);
const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'value', 'source', 'extends', 'board', 'stacks'),
  fc.string({ minLength: 1, maxLength: 8 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.array(fc.tuple(hostileKey, hostileScalar), { maxLength: 3 }).map(plainObject) },
);

/** `arb` once in `every` draws, null otherwise (fc.option's freq counts the nulls). */
function rarely<T>(arb: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: every - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
}

/** An object with these own keys, `__proto__` included as a key (not a prototype). */
function plainObject(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

/** Nest `path=value` pairs into a tree (dotted paths become mappings). */
function treeOf(pairs: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, v] of pairs) {
    const keys = path.split('.');
    let node = root;
    for (const k of keys.slice(0, -1)) {
      const next = Object.getOwnPropertyDescriptor(node, k)?.value;
      if (!next || typeof next !== 'object') Object.defineProperty(node, k, { value: {}, enumerable: true, writable: true, configurable: true });
      node = Object.getOwnPropertyDescriptor(node, k)?.value as Record<string, unknown>;
    }
    Object.defineProperty(node, keys[keys.length - 1], { value: v, enumerable: true, writable: true, configurable: true });
  }
  return root;
}

/** A preset, the request it runs, its settable paths and the kind of each (a dimension, 'number' or 'other'). */
export interface Target {
  readonly preset: string;
  readonly model: string;
  readonly input: number;
  readonly output: number;
  readonly paths: readonly string[];
  readonly kinds: Readonly<Record<string, string>>;
}

const SI: Record<string, string> = { frequency: 'Hz', bandwidth: 'B/s', bytes: 'B', time: 's', energy: 'J', power: 'W', money: 'USD', flops: 'FLOP/s' };

/**
 * A value of the field's own kind at or near its bounds: the inputs that pass
 * validation and must still give finite, plausible results.
 */
function typedValue(kind: string, bounds: Readonly<Record<string, { min: number; max: number }>>): fc.Arbitrary<unknown> {
  const b = bounds[kind];
  if (b) {
    const edges = [b.min, b.max, b.min * 1.0001, b.max * 0.9999, b.min === 0 ? 0 : b.min * 2, b.max / 2, b.max * 1.0001, b.min / 2];
    return fc.oneof(fc.constantFrom(...edges), fc.double({ min: b.min, max: b.max, noNaN: true })).map((v) => `${v} ${SI[kind]}`);
  }
  if (kind === 'number') return fc.constantFrom(0, 1, 2, 3, 0.01, 0.011, 0.5, 0.999, 1e-3, 1e3, 64, 4096, 4095, 65536, 1_000_000, 1e9, 999_999_999);
  return hostileScalar;
}

/** Edits of a few fields with values of their own kind (mostly valid, at the edges). */
function typedEdits(t: Target, bounds: Readonly<Record<string, { min: number; max: number }>>): fc.Arbitrary<[string, unknown][]> {
  return fc.array(
    fc.constantFrom(...t.paths).chain((p) => typedValue(t.kinds[p] ?? 'other', bounds).map((v): [string, unknown] => [p, v])),
    { minLength: 1, maxLength: 6 },
  );
}

/** A spec file extending a preset with fields of their own kind at their bounds. */
export function typedSpecFile(t: Target, bounds: Readonly<Record<string, { min: number; max: number }>>): fc.Arbitrary<string> {
  return typedEdits(t, bounds).map((edits) => `extends: ${t.preset}\n${stringify(treeOf(edits))}`);
}

/** A path from `paths`, sometimes bent into one that must be refused. */
function hostilePath(paths: readonly string[]): fc.Arbitrary<string> {
  const real = fc.constantFrom(...paths);
  return fc.oneof(
    { weight: 5, arbitrary: real },
    { weight: 1, arbitrary: fc.tuple(real, fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '', 'nosuch')).map(([p, k]) => `${k}.${p}`) },
    { weight: 1, arbitrary: fc.tuple(real, fc.constantFrom('__proto__', 'constructor', 'valueOf', '', 'x')).map(([p, k]) => `${p}.${k}`) },
    { weight: 1, arbitrary: fc.constantFrom('__proto__.toString', '__proto__.valueOf', 'constructor.prototype.polluted', 'toString', 'hasOwnProperty', '.', '..') },
  );
}

/** A spec file extending a preset with a few hostile fields. */
export function specFile(t: Target): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(fc.tuple(hostilePath(t.paths), hostileValue), { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(hostileKey, hostileValue), { maxLength: 1 }))
    .map(([edits, extra]) => `extends: ${t.preset}\n${stringify(treeOf([...edits, ...extra]))}`);
}

/** `--set path=value` texts. */
export function setFlags(t: Target): fc.Arbitrary<string[]> {
  const text = hostileScalar.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return fc.array(
    fc.tuple(hostilePath(t.paths), text).map(([p, v]) => `${p}=${v}`),
    { minLength: 1, maxLength: 3 },
  );
}

/** The arch each model family runs on in the fuzz, and whether it generates tokens. */
export const FAMILY_ARCH: Record<string, { arch: string; output: number }> = {
  gpt2: { arch: 'dfx', output: 4 },
  bert: { arch: 'sta', output: 0 },
  fabnet: { arch: 'fabnet-vcu128', output: 0 },
};

/** A model config (JSON text) of a family: a shape at or near the bounds, often with a hostile field or model_type. */
export const modelFile: fc.Arbitrary<{ family: string; text: string }> = fc
  .record({
    family: fc.constantFrom('gpt2', 'bert', 'fabnet'),
    layers: fc.constantFrom(1, 2, 12, 1023, 1024, 1025),
    heads: fc.constantFrom(1, 2, 12, 255, 256, 257),
    headDim: fc.constantFrom(1, 4, 64, 256),
    ffnFactor: fc.constantFrom(0, 1, 4),
    vocab: fc.constantFrom(1, 1000, 1_048_576, 1_048_577),
    positions: fc.constantFrom(64, 1024, 1_048_576, 1_048_577),
    edits: rarely(fc.array(fc.tuple(fc.nat(), fc.oneof(hostileNumber, hostileValue)), { minLength: 1, maxLength: 2 }), 3),
    extra: rarely(fc.tuple(hostileKey, hostileValue), 4),
    type: rarely(fc.constantFrom('__proto__', 'valueOf', 'hasOwnProperty', 'constructor', 'toString', 'gpt3', 'gpt2_butterfly'), 6),
  })
  .map((m) => {
    const d = m.heads * m.headDim;
    const ffn = m.ffnFactor === 0 ? 1 : m.ffnFactor * d;
    const shape: Record<string, unknown> =
      m.family === 'gpt2'
        ? { model_type: 'gpt2', n_layer: m.layers, n_embd: d, n_head: m.heads, n_inner: ffn, vocab_size: m.vocab, n_positions: m.positions }
        : {
            model_type: m.family,
            num_hidden_layers: m.layers,
            hidden_size: d,
            num_attention_heads: m.heads,
            intermediate_size: ffn,
            vocab_size: m.vocab,
            max_position_embeddings: m.positions,
            ...(m.family === 'fabnet' ? { attention_layers: Math.min(1, m.layers) } : {}),
          };
    const keys = Object.keys(shape).filter((k) => k !== 'model_type');
    const merged = new Map<string, unknown>(Object.entries(shape));
    for (const [i, v] of m.edits ?? []) merged.set(keys[i % keys.length], v);
    if (m.type !== null) merged.set('model_type', m.type);
    return { family: m.family, text: JSON.stringify(plainObject([...merged.entries(), ...(m.extra ? [m.extra] : [])])) };
  });

const flagText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('8', '16', '1', '2', '4') },
  { weight: 2, arbitrary: fc.constantFrom('8', '0', '1', '-1', '-5', '1e300', 'NaN', 'abc', '1.5', '65536', '16385', '4097', '', ' ', 'Infinity', '0x10', '-1:4', '1e-300') },
  { weight: 1, arbitrary: fc.integer({ min: -100, max: 5000 }).map(String) },
);

const VALID_RUNS = [
  ['dfx', 'gpt2', '8', '4'],
  ['dfx-nm', 'gpt2-medium', '16', '8'],
  ['sta', 'bert-base', '16', '0'],
  ['fabnet-vcu128', 'fabnet-base', '16', '0'],
  ['v100', 'gpt2', '8', '4'],
  ['h100-sxm', 'gpt2', '8', '4'],
] as const;
const hostileFlag = fc.oneof(
  fc.tuple(fc.constantFrom('--arch'), fc.constantFrom('constructor', '__proto__', 'nosuch', '.', '/', '/dev/null', 'toString')),
  fc.tuple(fc.constantFrom('--model'), fc.constantFrom('constructor', 'valueOf', '..', '/dev/null', 'nosuch')),
  fc.tuple(fc.constantFrom('--input', '--output', '--batch', '--devices'), flagText),
  fc.tuple(fc.constantFrom('--sparsity'), fc.constantFrom('2:4', '-1:4', '5:4', '0:0', '1:65', '1:1e9', '2:4:8', 'dense', '/dev/zero', '__proto__', '1:64', '64:64')),
  fc.tuple(fc.constantFrom('--stack'), fc.constantFrom('megatron', 'roofline', 'constructor', 'tensorrt', '__proto__')),
  fc.tuple(fc.constantFrom('--batch'), fc.constantFrom('4096', '4097', '1024')),
  fc.tuple(fc.constantFrom('--devices'), fc.constantFrom('4096', '4097', '1', '64')),
);

/** Command-line flags of `tasim simulate`: a valid run with a few flags replaced or added, each possibly hostile. */
export const simulateFlags: fc.Arbitrary<string[]> = fc
  .tuple(fc.constantFrom(...VALID_RUNS), fc.array(hostileFlag, { maxLength: 2 }), fc.boolean(), rarely(hostileFlag, 6))
  .map(([[arch, model, input, output], flags, exact, twice]) => {
    const opts = new Map<string, string>([
      ['--arch', arch],
      ['--model', model],
      ['--input', input],
      ['--output', output],
    ]);
    for (const [k, v] of flags) opts.set(k, v);
    const args = ['simulate', ...[...opts.entries()].flat(), '--json'];
    if (exact) args.push('--exact');
    // The same option again, which a parser turns into a list.
    if (twice) args.push(...twice);
    return args;
  });

const validExpression = fc.constantFrom(
  '"mpu.lanes <= 16"',
  '"mpu.lanes > 8 ? true : false"',
  '"mpu.lanes * 2 > 0"',
  '"mpu.lanes > 8 ? 5 : true"',
  '"mpu.lanes / (mpu.lanes - 8) > 0"',
  '"sqrt(mpu.lanes - 10) > 1"',
);
const exprToken = fc.constantFrom(
  'mpu.lanes',
  'mpu.d',
  'clock',
  'nosuch',
  'constructor',
  '__proto__',
  'mpu.lanes.constructor',
  '1',
  '0',
  '1e308',
  '-1',
  '"x"',
  'true',
  '+',
  '-',
  '*',
  '/',
  '^',
  '%',
  '<=',
  '>',
  '==',
  'and',
  'or',
  'not',
  '?',
  ':',
  '(',
  ')',
  '[',
  ']',
  ',',
  'min(',
  'max(',
  'sqrt(',
  'range(',
  'zeros(',
  'evaluate(',
  'import(',
  'f(x)=',
  '=',
  'MHz',
  '!',
);
const expression = fc.array(exprToken, { minLength: 1, maxLength: 9 }).map((ts) => JSON.stringify(ts.join(' ')));

const hostileParamEntry = fc.oneof(
  fc.tuple(hostileNumber, hostileNumber, hostileNumber).map(([a, b, c]) => `{ range: { from: ${a}, to: ${b}, step: ${c} } }`),
  fc.tuple(hostileNumber, hostileNumber, hostileNumber).map(([a, b, c]) => `{ range: { from: ${a}, to: ${b}, count: ${c} } }`),
  fc.tuple(hostileNumber, hostileNumber, hostileNumber).map(([a, b, c]) => `{ log_range: { from: ${a}, to: ${b}, factor: ${c} } }`),
  fc.array(hostileScalar, { minLength: 1, maxLength: 3 }).map((vs) => JSON.stringify(vs)),
  fc.tuple(fc.array(hostileNumber, { minLength: 1, maxLength: 3 }), fc.constantFrom(...units)).map(([vs, u]) => `{ values: ${JSON.stringify(vs)}, unit: "${u}" }`),
);
/** Parameters that are valid, many of them at the bounds: these spaces run. */
const validParam = fc.constantFrom(
  ['mpu.lanes', '[8, 16]'],
  ['mpu.lanes', '[1, 1000000000]'],
  ['mpu.d', '{ log_range: { from: 16, to: 64, factor: 2 } }'],
  ['clock', '{ values: [1, 10000], unit: MHz }'],
  ['clock', '["1 MHz", "10 GHz"]'],
  ['devices', '{ range: { from: 1, to: 4096, count: 2 } }'],
  ['dma.hbm_efficiency', '[0.01, 1]'],
  ['router.hop_latency', '["0 s", "1 s"]'],
  ['power.static', '["0 W", "10 kW"]'],
  ['energy.hbm_per_bit', '["0 J", "1 uJ"]'],
  ['workload.sparsity', '[dense, "2:4"]'],
  ['board', '[u280, u50]'],
  ['mpu.multiplier_latency', '[0, 1000000]'],
);
const paramPath = fc.constantFrom(
  'mpu.lanes',
  'mpu.d',
  'clock',
  'devices',
  'dma.hbm_channels',
  'dma.hbm_efficiency',
  'router.hop_latency',
  'board',
  'workload.sparsity',
  'workload.nosuch',
  'nosuch',
  '__proto__',
  'constructor.x',
  'mpu.__proto__',
  'toString',
);
const strategy = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('{ kind: grid }', '{ kind: random, samples: 3, seed: 2 }', '{ kind: lhs, samples: 4 }', '{ kind: nsga2, population: 4, evaluations: 6 }'),
  },
  fc.constant('{ kind: grid }'),
  fc.tuple(fc.constantFrom('random', 'lhs'), hostileNumber).map(([k, n]) => `{ kind: ${k}, samples: ${n} }`),
  fc.tuple(hostileNumber, hostileNumber).map(([p, e]) => `{ kind: nsga2, population: ${p}, evaluations: ${e} }`),
);
const requestLine = fc.tuple(hostileNumber, hostileNumber, hostileNumber, hostileNumber).map(([i, o, w, b]) => `  - { input: ${i}, output: ${o}, weight: ${w}, batch: ${b} }`);

/** A space file: a small valid one with hostile parameters, strategy, expressions, requests or baselines. */
export const spaceFile: fc.Arbitrary<string> = fc
  .record({
    params: fc.oneof(
      { weight: 3, arbitrary: fc.array(validParam, { minLength: 1, maxLength: 2 }) },
      { weight: 1, arbitrary: fc.array(fc.tuple(paramPath, hostileParamEntry), { minLength: 1, maxLength: 3 }) },
    ),
    keepLanes: fc.boolean(),
    strategy: rarely(strategy, 2),
    derived: rarely(
      fc.tuple(
        fc.constantFrom('macs', 'macs', 'mpu.zigzag_cols', '__proto__.x', 'constructor', 'toString', 'x.'),
        fc.oneof({ weight: 2, arbitrary: fc.constantFrom('"mpu.lanes * 2"', '"mpu.lanes / 0"', '"mpu.lanes > 8"') }, { weight: 1, arbitrary: expression }),
      ),
      3,
    ),
    constraint: rarely(fc.oneof({ weight: 2, arbitrary: validExpression }, { weight: 1, arbitrary: expression }), 2),
    requests: rarely(
      fc.oneof(fc.array(requestLine, { minLength: 1, maxLength: 2 }), fc.constant(['  - { input: 4, output: 2, weight: 1e-9 }', '  - { input: 8, output: 1, weight: 1e9 }'])),
      3,
    ),
    mixes: rarely(fc.constantFrom('mixes: {}', 'mixes: { __proto__: [{ input: 4, output: 2 }] }', 'mixes: { a: { trace: /dev/zero } }', 'mixes: { a: [] }'), 8),
    baseline: rarely(
      fc.constantFrom(
        '{ label: g, arch: v100, stack: tensorrt }',
        '{ label: g, arch: dfx, stack: megatron }',
        '{ label: g, arch: v100, set: ["__proto__.x=1"] }',
        '{ label: g, arch: v100, devices: 1000000 }',
        '{ label: g, arch: constructor }',
      ),
      4,
    ),
  })
  .map((s) => {
    const lines = ['name: fuzz', 'base: { arch: dfx, model: gpt2 }'];
    if (s.mixes !== null) lines.push(s.mixes);
    else lines.push('requests:', ...(s.requests ?? ['  - { input: 4, output: 2 }']));
    lines.push('parameters:');
    const seen = new Set<string>();
    for (const [p, e] of s.params) {
      if (seen.has(p)) continue;
      seen.add(p);
      lines.push(`  ${p}: ${e}`);
    }
    if (s.keepLanes && !seen.has('mpu.lanes')) lines.push('  mpu.lanes: [8, 16]');
    if (s.derived) lines.push('derived:', `  ${s.derived[0]}: ${s.derived[1]}`);
    if (s.constraint) lines.push('constraints:', `  - ${s.constraint}`);
    lines.push('objectives:', '  - latency_s', '  - energy_j');
    if (s.strategy) lines.push(`strategy: ${s.strategy}`);
    if (s.baseline) lines.push('baselines:', `  - ${s.baseline}`);
    return `${lines.join('\n')}\n`;
  });
