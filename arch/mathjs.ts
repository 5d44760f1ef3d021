/**
 * mathjs, loaded once and only when a unit or an expression has to be read.
 * Its single-file build loads in a fraction of the time of its ES modules
 * (hundreds of files): a command that reads one unit string stays quick.
 */
import { createRequire } from 'node:module';
import type { MathJsInstance } from 'mathjs';

let instance: MathJsInstance | undefined;

export function mathjs(): MathJsInstance {
  if (instance) return instance;
  const m = createRequire(import.meta.url)('mathjs/lib/browser/math.js') as MathJsInstance;
  // Arithmetic rates and money are not SI units; give them base units of their own.
  m.createUnit('FLOP', { aliases: ['FLOPs', 'flop', 'op', 'ops', 'OP'], prefixes: 'short' });
  m.createUnit('USD', { aliases: ['usd', '$'] });
  instance = m;
  return m;
}
