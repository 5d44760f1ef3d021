/**
 * The outcome of every comparison a schedule made (which operand each max()
 * picked, how instructions sorted by ready time, whether a repeated block's
 * state repeated). Between comparisons a schedule only adds and scales cycle
 * counts, so two schedules with equal traces compute the same affine function
 * of their cycle counts: every block whose counts lie between theirs (on the
 * segment joining them) has that trace too and costs the interpolation of
 * the two (see sim/ranges.ts).
 */
export class DecisionTrace {
  private bits = new Uint8Array(1024);
  private length = 0;

  push(outcome: number): void {
    if (this.length === this.bits.length) {
      const grown = new Uint8Array(this.bits.length * 2);
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[this.length++] = outcome;
  }

  equals(other: DecisionTrace): boolean {
    if (this.length !== other.length) return false;
    const a = this.bits;
    const b = other.bits;
    for (let i = 0; i < this.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /** Empty again, for reuse. */
  clear(): void {
    this.length = 0;
  }

  get size(): number {
    return this.length;
  }
}

/** max(a, b), recording which operand it picked. */
export function maxOf(a: number, b: number, tr: DecisionTrace | null): number {
  if (a >= b) {
    if (tr) tr.push(1);
    return a;
  }
  if (tr) tr.push(0);
  return b;
}
