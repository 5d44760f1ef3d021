/**
 * How the CLI reports failures: one line for the user's mistakes (exit 2),
 * one line for an internal invariant failure (exit 4, naming the design), a
 * stack only with --debug.
 */
import { isUserError } from '../arch/user-error.js';
import { isInvariantError } from '../sim/result-guard.js';

/** Exit codes of the CLI contract. */
const EXIT = { ok: 0, user: 2, infeasible: 3, internal: 4 } as const;

/** Messages are one line: a newline in a quoted value would split it. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

export function reportError(e: unknown, debug: boolean): number {
  if (isUserError(e)) {
    process.stderr.write(`tasim: ${oneLine(e.message)}\n`);
    if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
    return EXIT.user;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  const kind = isInvariantError(err) ? 'internal invariant failure' : 'internal error';
  process.stderr.write(`tasim: ${kind}: ${oneLine(err.message)}${debug ? '' : ' (a bug in tasim: please report this line; --debug prints the stack trace)'}\n`);
  if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
  return EXIT.internal;
}
