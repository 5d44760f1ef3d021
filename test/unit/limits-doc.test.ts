/** docs/limits.md states the bounds the code enforces: a changed constant must change the page too. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '../../arch/input-file.js';
import { COUNT_BOUNDS, FACTOR_BOUNDS, FRACTION_MIN, QUANTITY_BOUNDS } from '../../arch/schema/common.js';
import { EXPRESSION_FUNCTIONS, EXPRESSION_LIMITS } from '../../dse/expressions.js';
import { SPACE_LIMITS } from '../../dse/space-limits.js';
import { MODEL_BOUNDS, REQUEST_BOUNDS } from '../../workloads/model-bounds.js';
import { SERVE_LIMITS } from '../../sim/serving/serve.js';
import { STREAM_LIMITS } from '../../workloads/request-stream.js';

const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'limits.md'), 'utf8').replace(/\s+/g, ' ');
const n = (v: number) => v.toLocaleString('en-US');

describe('docs/limits.md', () => {
  it('lists every bound and limit the code enforces', () => {
    const said = [
      ...Object.values(QUANTITY_BOUNDS).map((b) => b.text),
      `${INPUT_LIMITS.yamlBytes / 1024} KiB`,
      `${INPUT_LIMITS.jsonBytes / 1024 / 1024} MiB`,
      `${INPUT_LIMITS.traceBytes / 1024 / 1024} MiB`,
      `${INPUT_LIMITS.depth} levels`,
      `${INPUT_LIMITS.aliases} per document`,
      `1 to ${n(COUNT_BOUNDS.devices)}`,
      `0 to ${n(COUNT_BOUNDS.cycles)}`,
      `up to ${n(COUNT_BOUNDS.count)}`,
      `${FRACTION_MIN} to 1`,
      `${FACTOR_BOUNDS.min} to ${n(FACTOR_BOUNDS.max)}`,
      ...Object.values(MODEL_BOUNDS).map(n),
      n(REQUEST_BOUNDS.tokens),
      n(REQUEST_BOUNDS.output),
      n(REQUEST_BOUNDS.batch),
      n(REQUEST_BOUNDS.exactLayerPasses),
      `${n(SPACE_LIMITS.maxDesigns)}; \`tasim sweep --max-designs`,
      `at most ${n(SPACE_LIMITS.maxDesignsDeclared)}`,
      `| values of one parameter | ${n(SPACE_LIMITS.valuesPerParameter)}`,
      `| values of all parameters | ${n(SPACE_LIMITS.valuesTotal)}`,
      `| models, request mixes | ${SPACE_LIMITS.models} each`,
      n(SPACE_LIMITS.requestsPerMix),
      `| NSGA-II population | ${n(SPACE_LIMITS.population)}`,
      `${n(EXPRESSION_LIMITS.chars)} characters and ${EXPRESSION_LIMITS.nodes} terms`,
      `${EXPRESSION_LIMITS.evaluationMs} ms`,
      `\`${[...EXPRESSION_FUNCTIONS].join(' ')}\``,
      `lines of a trace) | ${n(STREAM_LIMITS.requests)}`,
      `a step to simulate) | ${n(STREAM_LIMITS.outputTokens)}`,
      `| ${n(STREAM_LIMITS.tokens)} tokens (the longest request above)`,
      `at most ${STREAM_LIMITS.cv} |`,
      `at most ${STREAM_LIMITS.rate.toExponential().replace('e+', 'e')} requests/s`,
      `| replicas | ${n(SERVE_LIMITS.replicas)} |`,
      `(\`--batch\`) | ${n(SERVE_LIMITS.batch)} |`,
      `(\`--token-budget\`) | ${n(SERVE_LIMITS.tokenBudget)} |`,
      `(\`--block-tokens\`) | ${n(SERVE_LIMITS.blockTokens)} tokens |`,
      `as probes lengthen) | ${n(SERVE_LIMITS.probeRequests)} |`,
    ];
    expect(SPACE_LIMITS.models).toBe(SPACE_LIMITS.mixes);
    expect(said.filter((s) => !doc.includes(s))).toEqual([]);
  });
});
