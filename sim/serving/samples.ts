/** A growable list of numbers in one typed array: hundreds of thousands of token gaps without boxing. */
export class Samples {
  private buf = new Float64Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  at(i: number): number {
    return this.buf[i];
  }

  /** The samples as a typed array (a view: valid until the next push). */
  view(): Float64Array {
    return this.buf.subarray(0, this.length);
  }
}
