/** One real DFX sweep per test file, written to a temporary run directory. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FixtureRun, writeDfxSweepFixture } from '../bench/dfx-sweep-fixture.js';

let run: Promise<FixtureRun> | undefined;

export function dfxRun(): Promise<FixtureRun> {
  run ??= writeDfxSweepFixture(join(mkdtempSync(join(tmpdir(), 'tasim-report-')), 'run'));
  return run;
}
