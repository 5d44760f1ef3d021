/**
 * `npm run bench`: prints `BENCH <name> <value> <unit>` lines. Each bench
 * module returns its lines; the runner only sequences them. docs/speed.md
 * says how each is measured.
 */
import { benchCliStart } from './cli-start.js';
import { benchSimulateDfx } from './simulate-dfx.js';
import { benchSimulateFabnet } from './simulate-fabnet.js';
import { benchServe } from './serve.js';
import { benchSimulateGpu } from './simulate-gpu.js';
import { benchSweep } from './sweep.js';
import { benchSweep1m } from './sweep-1m.js';

// `npm run bench -- --full` sweeps the whole million-design grid instead of a sample.
const benches: (() => Promise<string[]>)[] = [benchSimulateDfx, benchSimulateFabnet, benchSimulateGpu, benchSweep, () => benchSweep1m(), benchServe, benchCliStart];

for (const b of benches) for (const line of await b()) console.log(line);
