/**
 * Reports of the shipped spaces (DFX on GPT-2, STA on BERT, FABNet on LRA),
 * swept and reported by the built CLI and opened in Chromium: no console
 * error on any tab; comparisons only between designs and baselines of the
 * same model, labelled with it; encoders measured in inferences; and the
 * default report's GPT-2 1.5B comparison the one `tasim compare` gives.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandReproduce } from '../../reports/page/reproduce-text.js';
import type { ReportDoc, SweepView } from '../../reports/report-doc.js';
import { HAS_CHROMIUM, launch, openReport, screenshot, SKIP_REASON } from './browser.js';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const tmp = mkdtempSync(join(tmpdir(), 'tasim-sweep-reports-'));
const tasim = (...args: string[]) => execFileSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Sweep a shipped space and report it; the report's file and its data document. */
function report(space: string): { html: string; doc: ReportDoc } {
  const dir = join(tmp, space);
  tasim('sweep', join('dse', 'spaces', `${space}.yaml`), '--out', dir, '--workers', '2', '--quiet');
  const html = join(dir, 'report.html');
  tasim('report', dir, '-o', html);
  const data = readFileSync(html, 'utf8').match(/<script type="application\/json" id="tasim-data">([\s\S]*?)<\/script>/)?.[1] ?? '{}';
  return { html, doc: JSON.parse(data) as ReportDoc };
}

/** Every option of the Comparison tab's model selector: its value and text. */
async function scenarioOptions(page: Page): Promise<{ value: string; text: string }[]> {
  return page.$$eval('#comparison-scenario option', (os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? '' })));
}

/** The rows of the comparison table: model column, label, kind. */
async function comparisonRows(page: Page): Promise<{ model: string; label: string; kind: string }[]> {
  return page.$$eval('#comparison-table tr[data-kind]', (trs) =>
    trs.map((tr) => ({ model: tr.getAttribute('data-model') ?? '', label: tr.querySelector('td.system')?.textContent ?? '', kind: tr.getAttribute('data-kind') ?? '' })),
  );
}

function fastestOnFront(sw: SweepView, model: string): number {
  const col = sw.params.find((p) => p.path === 'model');
  if (!col) throw new Error('no model column');
  const lat = sw.metrics.latency_s;
  const mine = sw.front.filter((i) => col.values[col.index[i]] === model);
  return mine.reduce((a, b) => ((lat[b] as number) < (lat[a] as number) ? b : a));
}

if (!HAS_CHROMIUM) console.warn(`sweep report browser tests skipped: ${SKIP_REASON}`);

describe.skipIf(!HAS_CHROMIUM)('sweep reports of the shipped spaces in Chromium', () => {
  let ctx: BrowserContext;
  const runs: Record<string, { html: string; doc: ReportDoc }> = {};

  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error('dist/ missing: run npm run build before the browser tests');
    for (const s of ['dfx-gpt2', 'sta-bert', 'fabnet-lra']) runs[s] = report(s);
    ctx = await launch();
  }, 240_000);
  afterAll(async () => {
    await ctx?.close();
  });

  it.each(['dfx-gpt2', 'sta-bert', 'fabnet-lra'])(
    '%s: every tab and every model draws without a console error; comparisons stay within one model, labelled with it',
    async (space) => {
      const { html, doc } = runs[space];
      const { page, errors, requests } = await openReport(ctx, html);
      await page.click('#tab-design');
      // The Design tab opens on the fastest front design, which has full detail.
      const sw = doc.sweep as SweepView;
      const lat = sw.metrics.latency_s;
      const fastest = [...sw.front].sort((a, b) => (lat[a] as number) - (lat[b] as number))[0];
      expect(await page.textContent('#design-title')).toContain(sw.hashes[fastest]);
      expect(await page.locator('#view-design rect.bar').count()).toBeGreaterThan(0);
      expect(await page.locator('#reproduce code').count()).toBe(sw.requests.length);

      await page.click('#tab-comparison');
      const options = await scenarioOptions(page);
      const models = sw.params.find((p) => p.path === 'model')?.values.map(String) ?? [];
      expect(options.length).toBe(models.length * (sw.params.find((p) => p.path === 'mix')?.values.length ?? 1));
      for (const o of options) {
        await page.selectOption('#comparison-scenario', o.value);
        const model = o.text.split(',')[0];
        expect(models).toContain(model);
        const rows = await comparisonRows(page);
        expect(rows.filter((r) => r.kind === 'accelerator').length).toBeGreaterThan(0);
        for (const r of rows) {
          expect(r.model, `${o.text}: ${r.label}`).toBe(model);
          expect(r.label).toContain(` · ${model}`);
        }
        const baselines = sw.baselines.filter((b) => b.model === model && o.text.includes(b.mix === 'default' ? '' : `mix ${b.mix}`));
        expect(rows.filter((r) => r.kind === 'gpu').map((r) => r.label)).toEqual(baselines.map((b) => `${b.label} · ${model} · ${b.stack}`));
        // Every chart names the one model it compares.
        for (const h of await page.$$eval('#view-comparison .panel h3', (hs) => hs.map((x) => x.textContent ?? ''))) expect(h).toContain(`on ${model} `);
      }
      await page.click('#tab-pareto');
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    },
  );

  it.each(['sta-bert', 'fabnet-lra'])('%s: an encoder report speaks of inferences per second and joules per inference, not tokens', async (space) => {
    const { html } = runs[space];
    const { page, errors } = await openReport(ctx, html);
    await page.click('#tab-design');
    expect(await page.textContent('#metric-cards')).toContain('inferences/s');
    expect(await page.textContent('#metric-cards')).toContain('energy per inference');
    expect(await page.textContent('#metric-cards')).not.toContain('tokens');
    await page.click('#tab-comparison');
    const heads = await page.$$eval('#view-comparison .panel h3', (hs) => hs.map((x) => x.textContent ?? ''));
    expect(heads.some((h) => h.startsWith('inference throughput'))).toBe(true);
    expect(heads.some((h) => h.startsWith('energy per inference'))).toBe(true);
    expect(heads.join(' ')).not.toMatch(/token/);
    expect(await page.textContent('#comparison-table')).toMatch(/\d inferences\/s/);
    expect(await page.locator('#view-comparison rect.bar').count()).toBeGreaterThan(0);
    await screenshot(page, `report-${space}-comparison.png`);
    expect(errors).toEqual([]);
  });

  it('the default report: on the DFX paper’s GPT-2 1.5B, DFX is ahead of 4 x V100 under Megatron-LM, as tasim compare says', async () => {
    const { html, doc } = runs['dfx-gpt2'];
    const sw = doc.sweep as SweepView;
    const model = 'gpt2-xl-dfx';
    const i = fastestOnFront(sw, model);
    const v100 = sw.baselines.find((b) => b.model === model && b.stack === 'megatron');
    if (!v100) throw new Error('no Megatron baseline on gpt2-xl-dfx');
    expect(v100.feasible).toBe(true);
    expect(v100.devices).toBe(4);

    // tasim compare on each request of the mix, with the design's own reproduce commands.
    const weights = (sw.mixes?.[0].requests ?? []).map((r) => r.weight as number);
    const commands = expandReproduce(sw.reproduce?.[i], sw.mixes?.[0].requests ?? []) ?? [];
    expect(commands).toHaveLength(weights.length);
    let acc = 0;
    let gpu = 0;
    let accEnergy = 0;
    let gpuEnergy = 0;
    commands.forEach((c, k) => {
      const args = c.replace(/^tasim simulate /, '').split(' ');
      const cmp = JSON.parse(tasim('compare', ...args, '--gpu', 'v100-dfx', '--gpu-devices', '4', '--stack', 'megatron', '--json')) as {
        speedup: number;
        accelerator: { latency_s: number; energy_j: number };
        gpu: { latency_s: number; energy_j: number };
      };
      expect(cmp.speedup, c).toBeGreaterThan(1);
      acc += weights[k] * cmp.accelerator.latency_s;
      gpu += weights[k] * cmp.gpu.latency_s;
      accEnergy += weights[k] * cmp.accelerator.energy_j;
      gpuEnergy += weights[k] * cmp.gpu.energy_j;
    });
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-3 * b;
    // The report's numbers are the compare numbers (to the 6 digits the report keeps).
    expect(close(sw.metrics.latency_s[i] as number, acc)).toBe(true);
    expect(close(v100.metrics.latency_s as number, gpu)).toBe(true);

    const { page, errors } = await openReport(ctx, html);
    await page.click('#tab-comparison');
    const opt = (await scenarioOptions(page)).find((o) => o.text.startsWith(`${model},`));
    await page.selectOption('#comparison-scenario', opt?.value ?? '');
    const note = (await page.$$eval('#view-comparison p.ratio-note', (ps) => ps.map((p) => p.textContent ?? ''))).find(
      (t) => t.startsWith(`fastest ${sw.hashes[i]}`) && t.includes('megatron'),
    );
    // Both sides generate the same tokens over the mix, so tokens per joule compare as the energies do.
    const efficiency = gpuEnergy / accEnergy;
    expect(efficiency).toBeGreaterThan(1);
    expect(note).toBe(
      `fastest ${sw.hashes[i]} · ${model} is ${(gpu / acc).toFixed(2)}x faster than ${v100.label} · ${model} · megatron and ${efficiency.toFixed(2)}x more energy-efficient.`,
    );
    expect(gpu / acc).toBeGreaterThan(4);
    await screenshot(page, 'report-dfx-comparison.png');

    // gpt2-xl (25 heads) cannot be split over 4 GPUs: that baseline says so instead of a bar.
    const xl = (await scenarioOptions(page)).find((o) => o.text.startsWith('gpt2-xl,'));
    await page.selectOption('#comparison-scenario', xl?.value ?? '');
    expect(await page.textContent('#view-comparison .infeasible-system')).toMatch(/4 x V100.*gpt2-xl · megatron cannot run this: 25 attention heads/);

    // The model filter applies to the baselines: gpt2-xl-dfx alone shows its two diamonds only.
    await page.click('#tab-pareto');
    for (const m of sw.params.find((p) => p.path === 'model')?.values ?? []) if (m !== model) await page.locator(`input[data-param="model"][data-value="${String(m)}"]`).uncheck();
    const labels = await page.$$eval('g.baseline-marker text', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(labels.sort()).toEqual([`a100-40gb x1 fastertransformer · ${model}`, `v100-dfx x4 megatron · ${model}`]);
    await page.locator('input[data-param="model"][data-value="gpt2-xl"]').check();
    expect(await page.textContent('#infeasible-baselines')).toMatch(/v100|V100.*gpt2-xl.*25 attention heads/);
    expect(errors).toEqual([]);
  });
});
