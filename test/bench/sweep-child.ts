/**
 * One sweep in a process of its own, for the million-design bench: prints
 * {evaluated, seconds, max_rss_mb} as JSON (the peak resident memory of the
 * whole process, worker threads included).
 *
 *   node dist/test/bench/sweep-child.js <space.yaml> <out dir> <workers>
 */
import { sweep } from '../../dse/sweep.js';

const [space, out, workers] = process.argv.slice(2);
const t0 = performance.now();
const s = await sweep(space, { out, workers: Number(workers), progress: null, warn: () => {} });
const seconds = (performance.now() - t0) / 1e3;
process.stdout.write(`${JSON.stringify({ evaluated: s.evaluated, rows: s.rows, seconds, max_rss_mb: process.resourceUsage().maxRSS / 1024 })}\n`);
