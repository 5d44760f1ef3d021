/**
 * `npm run bench`: prints `BENCH <name> <value> <unit>` lines. Each bench
 * module returns its lines; the runner only sequences them.
 */
import { benchSimulateDfx } from './simulate-dfx.js';
import { benchSimulateFabnet } from './simulate-fabnet.js';
import { benchServe } from './serve.js';
import { benchSimulateGpu } from './simulate-gpu.js';
import { benchSweep } from './sweep.js';

const benches: (() => Promise<string[]>)[] = [benchSimulateDfx, benchSimulateFabnet, benchSimulateGpu, benchSweep, benchServe];

for (const b of benches) for (const line of await b()) console.log(line);
