/**
 * The serving report in a real browser: one row and one CDF line per
 * machine, queue and batch over time, the capacity probes, a tooltip on
 * hover, offline with no console error and no request.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArch } from '../../arch/load.js';
import { serveReport } from '../../reports/serve-report.js';
import type { ServeDocument } from '../../sim/serving/result.js';
import { serve } from '../../sim/serving/serve.js';
import { generateStream } from '../../workloads/arrivals.js';
import { loadModel } from '../../workloads/models.js';
import { HAS_CHROMIUM, launch, openReport, screenshot, SKIP_REASON } from './browser.js';

const out = mkdtempSync(join(tmpdir(), 'tasim-serve-report-'));
if (!HAS_CHROMIUM) console.warn(`serve report browser tests skipped: ${SKIP_REASON}`);

describe.skipIf(!HAS_CHROMIUM)('serving report in Chromium', () => {
  let ctx: BrowserContext;
  const html = join(out, 'serve.html');
  let docs: ServeDocument[];

  beforeAll(async () => {
    const model = loadModel('gpt2-xl-dfx');
    const stream = generateStream({
      arrivals: { kind: 'poisson' },
      rate_rps: 0.5,
      requests: 300,
      shapes: { kind: 'lengths', input: { kind: 'fixed', tokens: 64 }, output: { kind: 'fixed', tokens: 64 } },
      seed: 1,
    });
    const slo = [{ metric: 'ttft', stat: 'p99', limit_s: 1 }] as const;
    docs = [
      serve(await loadArch('dfx', { devices: 4 }), model, stream, { policy: 'fifo', slo, capacity: true, detail: true }),
      serve(await loadArch('a100-40gb', { devices: 1 }), model, stream, { policy: 'continuous', slo, capacity: true, detail: true }),
      serve(await loadArch('a100-40gb', { devices: 1, set: ['memory.capacity=1GiB'] }), model, stream, { policy: 'continuous', detail: true }),
    ];
    writeFileSync(html, serveReport(docs, 'tasim serve (test)'));
    ctx = await launch();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('draws a row per run, CDFs and time series per feasible machine, and the capacity probes', async () => {
    expect(docs.map((d) => d.feasible)).toEqual([true, true, false]);
    const { page, errors, requests } = await openReport(ctx, html);
    expect(await page.getAttribute('#tab-serving', 'aria-selected')).toBe('true');
    expect(await page.locator('#serving-table tr').count()).toBe(1 + 3);
    expect(await page.textContent('#serving-table')).toContain('infeasible');
    for (const k of ['ttft', 'tpot', 'itl', 'latency']) expect(await page.locator(`svg.serve-cdf-${k} path.serve-line`).count()).toBe(2);
    expect(await page.locator('svg.serve-series').count()).toBe(2);
    expect(await page.locator('svg.serve-series path.serve-line').count()).toBe(6);
    expect(await page.locator('svg.serve-capacity path.serve-line').count()).toBe(2);
    // The SLO limit is marked on the TTFT CDF.
    expect(await page.locator('svg.serve-cdf-ttft line.marker').count()).toBe(1);

    const box = await page.locator('svg.serve-cdf-ttft rect.serve-hover').boundingBox();
    if (!box) throw new Error('CDF not laid out');
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await expect.poll(() => page.isVisible('#tooltip')).toBe(true);
    expect(await page.textContent('#tooltip')).toContain('dfx x4');
    await screenshot(page, 'report-serving.png');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
