import { describe, expect, it } from 'vitest';
import { sloLimit } from '../../reports/page/serving-view.js';
import { describeSlo, type SloTerm } from '../../sim/serving/slo.js';

describe('sloLimit', () => {
  const terms: SloTerm[] = [
    { metric: 'ttft', stat: 'p50', limit_s: 0.1 },
    { metric: 'tpot', stat: 'mean', limit_s: 0.025 },
    { metric: 'ttft', stat: 'p99', limit_s: 1.5 },
  ];
  const text = describeSlo(terms);

  it("reads each term of describeSlo's text by metric and statistic", () => {
    for (const t of terms) expect(sloLimit(text, t.metric, t.stat)).toBeCloseTo(t.limit_s, 12);
    expect(sloLimit(text, 'ttft', 'p90')).toBeUndefined();
    expect(sloLimit(text, 'latency', 'p99')).toBeUndefined();
    expect(sloLimit(null, 'ttft', 'p99')).toBeUndefined();
  });

  it('without a statistic, takes the metric’s first term', () => {
    expect(sloLimit(text, 'ttft')).toBeCloseTo(0.1, 12);
    expect(sloLimit(text, 'tpot')).toBeCloseTo(0.025, 12);
    expect(sloLimit(text, 'itl')).toBeUndefined();
  });
});
