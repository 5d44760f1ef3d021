/** Command-line words before yargs reads them. */
/**
 * A value that starts with a dash and a digit (`--sparsity -1:4`, `--input -5`)
 * is the value of the flag before it, not a short option: joined as
 * `--flag=value`, it reaches the option's own check and error.
 */
export function joinDashValues(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    const prev = out[out.length - 1];
    if (/^-\d/.test(a) && prev !== undefined && /^--[a-z][\w-]*$/i.test(prev) && prev !== '--') out[out.length - 1] = `${prev}=${a}`;
    else out.push(a);
  }
  return out;
}
