/**
 * An error caused by the user's input. The CLI prints it as one line
 * (`<input>: <field>: <problem>. <fix>`) and exits non-zero without a stack trace.
 */
export class UserError extends Error {
  readonly input: string;
  readonly field: string | undefined;
  readonly fix: string | undefined;
  readonly problem: string;

  constructor(opts: { input: string; field?: string; problem: string; fix?: string }) {
    const where = opts.field ? `${opts.input}: ${opts.field}` : opts.input;
    super(`${where}: ${opts.problem}${opts.fix ? `. Fix: ${opts.fix}` : ''}`);
    this.name = 'UserError';
    this.input = opts.input;
    this.field = opts.field;
    this.fix = opts.fix;
    this.problem = opts.problem;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
