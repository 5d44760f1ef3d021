/**
 * Size, generation time and load time of a 100,000-design report, and how
 * long the page takes to redraw after a filter change.
 *
 * The designs are synthetic: a small grid is simulated for real, and each of
 * the 100,000 designs takes the metrics of the real design nearest to it with
 * a deterministic +-15 % perturbation (simulating 100,000 DFX designs would
 * take over an hour on one core, and the page's cost depends on the number of
 * points, not on their values). About 5 % are marked infeasible.
 *
 *   node dist/test/bench/report-large.js [designs] [out dir]
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { loadArch } from '../../arch/load.js';
import { projectRoot } from '../../arch/project-root.js';
import { nonDominated } from '../../reports/page/pareto-front.js';
import type { ParamValue } from '../../reports/report-doc.js';
import type { ResultLine, RunManifest } from '../../reports/run-files.js';
import { simulate } from '../../sim/simulate.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { FIXTURE_OBJECTIVES, FIXTURE_REQUESTS, publishedV100Baseline, resultMetrics } from './dfx-sweep-fixture.js';

const N = Number(process.argv[2] ?? 100_000);
const dir = process.argv[3] ?? join(mkdtempSync(join(tmpdir(), 'tasim-report-large-')), 'run');

const PARAMETERS: { path: string; values: ParamValue[] }[] = [
  { path: 'board', values: ['u280', 'u55c', 'u50'] },
  { path: 'devices', values: [1, 2, 4] },
  { path: 'clock', values: ['120MHz', '140MHz', '160MHz', '180MHz', '200MHz', '220MHz', '240MHz', '260MHz', '280MHz', '300MHz'] },
  { path: 'mpu.lanes', values: [4, 8, 16, 32, 64] },
  { path: 'mpu.d', values: [32, 64, 96, 128] },
  { path: 'dma.hbm_channels', values: [8, 16, 24, 32] },
  { path: 'dma.weight_buffer_depth', values: [512, 1024, 2048, 4096, 8192] },
  { path: 'router.link_rate', values: ['100Gb/s', '200Gb/s', '400Gb/s'] },
];

function rand(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32LE(0) / 2 ** 32;
}

async function realGrid(): Promise<Map<string, Record<string, number | null>>> {
  const model = loadModel('gpt2-xl-dfx');
  const out = new Map<string, Record<string, number | null>>();
  for (const devices of [1, 2, 4])
    for (const clock of [150, 200, 250])
      for (const lanes of [8, 16, 32]) {
        const arch = await loadArch('dfx', { set: [`devices=${devices}`, `clock=${clock}MHz`, `mpu.lanes=${lanes}`] });
        out.set(`${devices}|${clock}|${lanes}`, resultMetrics(simulate(arch, buildWorkload(model, FIXTURE_REQUESTS[0]))));
      }
  return out;
}

function* designs(): Generator<Record<string, ParamValue>> {
  const idx = PARAMETERS.map(() => 0);
  for (;;) {
    yield Object.fromEntries(PARAMETERS.map((p, k) => [p.path, p.values[idx[k]]]));
    let k = PARAMETERS.length - 1;
    while (k >= 0 && ++idx[k] === PARAMETERS[k].values.length) idx[k--] = 0;
    if (k < 0) return;
  }
}

const nearest = (v: number, of: number[]) => of.reduce((a, b) => (Math.abs(b - v) < Math.abs(a - v) ? b : a));

const t0 = performance.now();
const grid = await realGrid();
const results: ResultLine[] = [];
for (const params of designs()) {
  if (results.length >= N) break;
  const hash = createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 12);
  if (rand(`${hash}/feasible`) < 0.05) {
    results.push({ hash, params, metrics: {}, feasible: false, reason: `does not fit ${String(params.board)}: DSP over budget` });
    continue;
  }
  const key = `${String(params.devices)}|${nearest(parseFloat(String(params.clock)), [150, 200, 250])}|${nearest(Number(params['mpu.lanes']), [8, 16, 32])}`;
  const real = grid.get(key) ?? {};
  const metrics: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(real)) metrics[k] = v === null ? null : v * Math.exp(0.15 * (2 * rand(`${hash}/${k}`) - 1));
  results.push({ hash, params, metrics, feasible: true });
}
const feasible = results.filter((r) => r.feasible);
const front = nonDominated(
  feasible.map((r) => FIXTURE_OBJECTIVES.map((o) => r.metrics[o.metric])),
  FIXTURE_OBJECTIVES.map((o) => o.goal),
).map((i) => feasible[i]);
const manifest: RunManifest = {
  name: `dfx-synthetic-${N}`,
  space_file: 'test/bench/report-large.ts',
  command: `node dist/test/bench/report-large.js ${N}`,
  created: new Date().toISOString(),
  tasim_version: '0.1.0',
  base: { arch: 'dfx', model: 'gpt2-xl-dfx' },
  requests: FIXTURE_REQUESTS,
  parameters: PARAMETERS,
  objectives: FIXTURE_OBJECTIVES,
  baselines: [publishedV100Baseline()],
};
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
writeFileSync(join(dir, 'results.jsonl'), `${results.map((r) => JSON.stringify(r)).join('\n')}\n`);
writeFileSync(join(dir, 'pareto.json'), JSON.stringify({ objectives: FIXTURE_OBJECTIVES, points: front.map((r) => ({ hash: r.hash, params: r.params, metrics: r.metrics })) }));
console.error(`wrote ${results.length} designs (${feasible.length} feasible, ${front.length} on the front) to ${dir} in ${((performance.now() - t0) / 1e3).toFixed(1)} s`);

const html = join(dir, 'report.html');
const g0 = performance.now();
execFileSync(process.execPath, [join(projectRoot(), 'dist', 'cli', 'main.js'), 'report', dir, '-o', html], { stdio: 'inherit' });
console.log(`BENCH report_${N}_generate ${((performance.now() - g0) / 1e3).toFixed(2)} s`);
console.log(`BENCH report_${N}_size ${(statSync(html).size / 1e6).toFixed(2)} MB`);
console.log(`BENCH report_${N}_results_jsonl ${(statSync(join(dir, 'results.jsonl')).size / 1e6).toFixed(2)} MB`);

const chromiumPath = process.env.TASIM_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.log(`report load time not measured: no Chromium at ${chromiumPath}`);
} else {
  const { chromium } = await import('playwright-core');
  const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'tasim-chromium-')), {
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
  });
  const loads: number[] = [];
  const redraws: number[] = [];
  const hovers: number[] = [];
  for (let k = 0; k < 3; k++) {
    const page = await ctx.newPage();
    const l0 = performance.now();
    await page.goto(pathToFileURL(html).href);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    loads.push(performance.now() - l0);
    // One filter change: recompute the visible set and the front, redraw canvas and overlay.
    redraws.push(
      await page.evaluate(() => {
        const c = document.querySelector('input[data-param="devices"][data-value="1"]') as HTMLInputElement;
        const t = performance.now();
        c.checked = false;
        c.dispatchEvent(new Event('change'));
        return performance.now() - t;
      }),
    );
    // One hover: quadtree lookup and tooltip.
    const box = await page.locator('canvas.scatter-canvas').boundingBox();
    if (box) {
      hovers.push(
        await page.evaluate(
          ([x, y]) => {
            const c = document.querySelector('canvas.scatter-canvas') as HTMLCanvasElement;
            const t = performance.now();
            c.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: y, bubbles: true }));
            return performance.now() - t;
          },
          [box.x + box.width * 0.3, box.y + box.height * 0.6],
        ),
      );
    }
    if (k === 0) await page.screenshot({ path: join(dir, 'report-large.png') });
    await page.close();
  }
  await ctx.close();
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`BENCH report_${N}_load ${med(loads).toFixed(0)} ms`);
  console.log(`BENCH report_${N}_filter_redraw ${med(redraws).toFixed(0)} ms`);
  if (hovers.length) console.log(`BENCH report_${N}_hover ${med(hovers).toFixed(1)} ms`);
  console.error(`screenshot: ${join(dir, 'report-large.png')}`);
}
