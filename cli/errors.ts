/** How the CLI reports failures: one line for the user's mistakes, a stack only with --debug. */
import { isUserError } from '../arch/user-error.js';

export function reportError(e: unknown, debug: boolean): number {
  if (isUserError(e)) {
    process.stderr.write(`tasim: ${e.message}\n`);
    if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
    return 2;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`tasim: internal error: ${err.message}${debug ? '' : ' (run with --debug for the stack trace)'}\n`);
  if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
  return 1;
}
