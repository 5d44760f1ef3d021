/**
 * The reports in a real browser: they load offline with no console error and
 * no request, draw one point per plottable design and one bar per category,
 * show a tooltip on hover and pin a design on click. Screenshots go to
 * test-output/ for the record.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { loadArch } from '../../arch/load.js';
import { compareReport } from '../../reports/design-report.js';
import type { ReportDoc } from '../../reports/report-doc.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import type { FixtureRun } from '../bench/dfx-sweep-fixture.js';
import { dfxRun } from './fixture.js';
import { HAS_CHROMIUM, launch, openReport, screenshot, SKIP_REASON } from './browser.js';

const CLI = join(process.cwd(), 'dist', 'cli', 'main.js');
const out = mkdtempSync(join(tmpdir(), 'tasim-report-html-'));
const tasim = (...args: string[]) => execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

if (!HAS_CHROMIUM) console.warn(`report browser tests skipped: ${SKIP_REASON}`);

describe.skipIf(!HAS_CHROMIUM)('report pages in Chromium', () => {
  let ctx: BrowserContext;
  let fx: FixtureRun;
  const sweepHtml = join(out, 'sweep.html');

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('dist/ missing: run npm run build before the browser tests');
    fx = await dfxRun();
    tasim('report', fx.dir, '-o', sweepHtml);
    ctx = await launch();
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('sweep report: Pareto scatter, front, baseline, tooltip and pin', async () => {
    const { page, errors, requests } = await openReport(ctx, sweepHtml);
    const doc = JSON.parse(readFileSync(sweepHtml, 'utf8').match(/<script type="application\/json" id="tasim-data">([\s\S]*?)<\/script>/)?.[1] ?? '{}') as ReportDoc;
    const plottable = fx.results.filter((r) => r.feasible && (r.metrics.latency_s ?? 0) > 0 && (r.metrics.energy_j ?? 0) > 0).length;
    expect(plottable).toBeGreaterThan(10);
    expect(await page.getAttribute('canvas.scatter-canvas', 'data-points')).toBe(String(plottable));
    expect(await page.locator('circle.front-point').count()).toBe(fx.pareto.points.length);
    expect(await page.locator('g.baseline-marker').count()).toBe(1);
    expect(await page.textContent('#report-command')).toContain('tasim report');
    expect(doc.designs?.length).toBe(fx.pareto.points.length);

    const box = await page.locator('circle.front-point').first().boundingBox();
    if (!box) throw new Error('front point not laid out');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.isVisible('#tooltip')).toBe(true);
    expect(await page.textContent('#tooltip')).toMatch(/latency/);
    await screenshot(page, 'report-pareto.png');

    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    expect(await page.locator('circle.pinned-ring').count()).toBe(1);
    const pinned = (await page.textContent('#pinned-design')) ?? '';
    const hash = fx.pareto.points.map((p) => p.hash).find((h) => pinned.includes(h));
    expect(hash).toBeDefined();

    // Filtering by a parameter value removes its designs from the canvas.
    await page.locator('input[data-param="devices"][data-value="1"]').uncheck();
    const withoutOne = fx.results.filter((r) => r.feasible && r.params.devices !== 1 && (r.metrics.latency_s ?? 0) > 0 && (r.metrics.energy_j ?? 0) > 0).length;
    expect(await page.getAttribute('canvas.scatter-canvas', 'data-points')).toBe(String(withoutOne));
    await page.locator('input[data-param="devices"][data-value="1"]').check();

    await page.click('#open-design');
    expect(await page.textContent('#design-title')).toContain(hash as string);
    const design = doc.designs?.find((d) => d.id === hash);
    const result = design?.runs[0].result;
    if (!result) throw new Error('pinned front design has no detail');
    const panels = page.locator('#view-design .grid3 .panel');
    expect(await panels.nth(0).locator('rect.bar').count()).toBe(2 * result.breakdown.length);
    expect(await panels.nth(1).locator('rect.bar').count()).toBe(result.breakdown.length);
    expect(await page.locator('#view-design rect.span').count()).toBe(result.detail?.timelines[0].spans.length);
    expect(await page.locator('#view-design path.op-point').count()).toBe(result.detail?.ops.filter((o) => o.flops > 0 && o.seconds > 0).length);
    expect(await page.locator('#view-design table.config tr').count()).toBe((design?.config?.entries.length ?? 0) + 1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'report-design.png');

    await page.click('#tab-comparison');
    expect(await page.locator('#comparison-table tr').count()).toBeGreaterThanOrEqual(3);
    await screenshot(page, 'report-comparison.png');

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('a bare results.jsonl reports without manifest, details or baselines', async () => {
    const file = join(out, 'bare.html');
    tasim('report', join(fx.dir, 'results.jsonl'), '-o', file);
    const { page, errors, requests } = await openReport(ctx, file);
    expect(await page.locator('circle.front-point').count()).toBe(fx.pareto.points.length);
    expect(await page.locator('g.baseline-marker').count()).toBe(0);
    await page.click('#tab-design');
    expect(await page.textContent('#view-design')).toContain('carry no reproduce commands');
    expect(await page.locator('#view-design .card').count()).toBeGreaterThanOrEqual(6);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('simulate --report: one design with breakdowns, timeline, roofline, resources and sources', async () => {
    const file = join(out, 'one.html');
    tasim('simulate', '--arch', 'dfx', '--devices', '4', '--model', 'gpt2-xl-dfx', '--input', '64', '--output', '64', '--report', file);
    const { page, errors, requests } = await openReport(ctx, file);
    const json = JSON.parse(tasim('simulate', '--arch', 'dfx', '--devices', '4', '--model', 'gpt2-xl-dfx', '--input', '64', '--output', '64', '--json', '--detail')) as {
      breakdown: unknown[];
      detail: { timelines: { spans: unknown[] }[] };
    };
    expect(await page.locator('#view-design .grid3 .panel').nth(0).locator('rect.bar').count()).toBe(2 * json.breakdown.length);
    expect(await page.locator('rect.span').count()).toBe(json.detail.timelines[0].spans.length);
    await page.selectOption('#timeline-select', '1');
    expect(await page.locator('rect.span').count()).toBe(json.detail.timelines[1].spans.length);
    expect(await page.locator('svg.chart.hbar line.marker').count()).toBe(1);
    await page.locator('rect.span').first().hover();
    await expect.poll(() => page.isVisible('#tooltip')).toBe(true);
    expect(await page.textContent('table.config')).toContain('DFX §6');
    await screenshot(page, 'report-simulate.png');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('simulate --report on an ASIC: die area by component against the die budget', async () => {
    const file = join(out, 'asic.html');
    tasim('simulate', '--arch', 'tpu-v4', '--model', 'gpt2', '--input', '64', '--output', '16', '--report', file);
    const { page, errors, requests } = await openReport(ctx, file);
    const json = JSON.parse(tasim('simulate', '--arch', 'tpu-v4', '--model', 'gpt2', '--input', '64', '--output', '16', '--json')) as {
      resources: { components: { area_mm2: number }[] };
    };
    const panel = page.locator('#view-design .panel', { hasText: 'Die area per chip' });
    expect(await panel.count()).toBe(1);
    expect(await panel.locator('rect.bar').count()).toBe(json.resources.components.filter((c) => c.area_mm2 > 0).length);
    expect(await panel.locator('line.marker').count()).toBe(1);
    expect(await panel.textContent()).toContain('die budget');
    await panel.locator('rect.bar').first().hover();
    await expect.poll(() => page.isVisible('#tooltip')).toBe(true);
    expect(await page.textContent('#tooltip')).toMatch(/mm²/);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'report-asic.png');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('validate --report: one error bar and one table row per published figure', async () => {
    const file = join(out, 'validation.html');
    const json = JSON.parse(tasim('validate', '--json')) as { rows: { error_pct: number | null }[] };
    try {
      tasim('validate', '--report', file);
    } catch {
      // exit code 1 flags rows out of tolerance; the page is written all the same
    }
    const { page, errors, requests } = await openReport(ctx, file);
    expect(await page.locator('#validation-table tr').count()).toBe(json.rows.length + 1);
    expect(await page.locator('#view-validation rect.bar').count()).toBe(json.rows.filter((r) => r.error_pct !== null).length);
    await screenshot(page, 'report-validation.png');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('compareReport: the accelerator against each baseline, four metrics, design detail', async () => {
    const w = buildWorkload(loadModel('gpt2-medium'), { input: 64, output: 64, batch: 1 });
    const acc = simulate(await loadArch('dfx', { devices: 4 }), w, { detail: true });
    // Any simulate document can stand beside the accelerator; a one-device DFX keeps the test quick.
    const other = simulate(await loadArch('dfx', { devices: 1 }), w);
    const file = join(out, 'compare.html');
    writeFileSync(file, compareReport({ accelerator: acc, gpus: [{ ...other, arch: 'baseline' }], command: 'tasim compare --report compare.html' }));
    const { page, errors, requests } = await openReport(ctx, file);
    expect(await page.locator('#tab-comparison').count()).toBe(1);
    await page.click('#tab-comparison');
    expect(await page.locator('#view-comparison rect.bar').count()).toBe(4 * 2);
    expect(await page.locator('#comparison-table tr').count()).toBe(3);
    await page.click('#tab-design');
    expect(await page.locator('#view-design rect.span').count()).toBe(acc.detail?.timelines[0].spans.length);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
