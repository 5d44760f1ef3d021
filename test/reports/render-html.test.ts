import { describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { compareReportDoc, designReportDoc } from '../../reports/design-report.js';
import { inlineJson, inlineJsonParts, renderHtml } from '../../reports/render-html.js';
import type { ReportDoc } from '../../reports/report-doc.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';

function dataOf(html: string): ReportDoc {
  const m = html.match(/<script type="application\/json" id="tasim-data">([\s\S]*?)<\/script>/);
  if (!m) throw new Error('no data element');
  return JSON.parse(m[1]) as ReportDoc;
}

async function dfx(devices: number) {
  const arch = await loadArch('dfx', { devices });
  return simulate(arch, buildWorkload(loadModel('gpt2-medium'), { input: 32, output: 8, batch: 1 }), { detail: true });
}

describe('renderHtml', () => {
  it('inlines everything: no external script, stylesheet, image or font', async () => {
    const html = renderHtml(designReportDoc({ results: [await dfx(1)], command: 'tasim simulate', generated: 'now' }));
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/url\(\s*['"]?(https?:)?\/\//i);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
    expect(html).toContain('d3js.org v7');
  });

  it('round-trips the document, even text that would close the script element', async () => {
    const doc = designReportDoc({ results: [await dfx(2)], command: 'tasim simulate --title "</script><b>x"', title: 'a </script> title', generated: 'now' });
    const html = renderHtml(doc);
    expect(dataOf(html)).toEqual(JSON.parse(JSON.stringify(doc)));
    expect(inlineJson('</script>')).not.toContain('</');
    expect(html).toContain('<title>a &lt;/script&gt; title</title>');
  });
});

describe('compareReportDoc', () => {
  it('puts the accelerator first and every baseline after it, with missing metrics as null', async () => {
    const a = await dfx(4);
    const b = { ...(await dfx(1)), arch: 'stand-in', ttft_s: Number.NaN };
    const doc = compareReportDoc({ accelerator: a, gpus: [b], command: 'tasim compare', generated: 'now' });
    expect(doc.comparison?.rows.map((r) => r.kind)).toEqual(['accelerator', 'gpu']);
    expect(doc.comparison?.rows[0]).toMatchObject({ latency_s: a.latency_s, tokens_per_j: a.tokens_per_j });
    expect(doc.comparison?.rows[1].ttft_s).toBeNull();
    expect(doc.designs?.[0].runs[0].result).toBe(a);
  });
});

describe('inlineJsonParts', () => {
  it('joins to inlineJson, for documents with long arrays, absent fields and characters that end scripts', () => {
    const doc = {
      title: 'a </script> b \u2028',
      skip: undefined,
      nested: { list: Array.from({ length: 20_000 }, (_, i) => (i % 7 ? i / 3 : null)), text: Array.from({ length: 9000 }, (_, i) => `<${i}>`), fn: () => 1 },
      holes: [1, undefined, 3],
      n: Number.NaN,
    };
    const parts = inlineJsonParts(doc);
    expect(parts.join('')).toBe(inlineJson(doc));
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThan(inlineJson(doc).length / 2);
  });
});
