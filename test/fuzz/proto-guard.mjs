// Preloaded (node --import) into the spawned CLI by the fuzz test: at exit, report the
// CPU time tasim used and whether Object.prototype, Array.prototype or Function.prototype changed.
import { writeFileSync } from 'node:fs';

const snap = () =>
  [Object.prototype, Array.prototype, Function.prototype]
    .map((p) => Reflect.ownKeys(p).map((k) => `${String(k)}:${String(typeof Object.getOwnPropertyDescriptor(p, k)?.value)}`).sort().join(','))
    .join('|');
const before = snap();
process.on('exit', () => {
  const cpu = process.cpuUsage();
  if (process.env.TASIM_FUZZ_REPORT) writeFileSync(process.env.TASIM_FUZZ_REPORT, JSON.stringify({ polluted: snap() !== before, cpuMs: (cpu.user + cpu.system) / 1000 }));
});
