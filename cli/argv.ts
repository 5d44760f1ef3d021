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

/** Options that may be given more than once (each adds one override). */
const REPEATABLE = new Set(['set', 'gpu-set', 'slo']);

/**
 * The name of an option given twice (`--arch dfx --arch sta`), which yargs
 * would turn into a list no command expects; undefined when there is none.
 */
export function repeatedOption(args: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const a of args) {
    if (a === '--') break;
    const m = /^--(?:no-)?([a-z][\w-]*)(?:=|$)/i.exec(a);
    if (!m || REPEATABLE.has(m[1])) continue;
    if (seen.has(m[1])) return m[1];
    seen.add(m[1]);
  }
  return undefined;
}
