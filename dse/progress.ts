/** Sweep progress on stderr: a redrawn bar with rate and ETA on a terminal, plain lines otherwise. */
export interface ProgressSink {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(0)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

export class Progress {
  private done = 0;
  private readonly t0 = performance.now();
  private lastDraw = 0;
  /** Plain lines start at 10 %: the rate of the first designs (workers warming up) says little. */
  private lastPct = 0;

  constructor(
    private total: number,
    private readonly out: ProgressSink = process.stderr,
    private readonly label = 'sweep',
  ) {}

  setTotal(total: number): void {
    this.total = total;
  }

  tick(n = 1): void {
    this.done += n;
    const now = performance.now();
    if (this.out.isTTY) {
      if (now - this.lastDraw > 100 || this.done >= this.total) this.draw(now);
    } else {
      const pct = this.total ? Math.floor((this.done / this.total) * 10) * 10 : 100;
      if (pct > this.lastPct && (pct < 100 || this.done >= this.total)) {
        this.lastPct = pct;
        this.out.write(`${this.line(now)}\n`);
      }
    }
  }

  finish(): void {
    if (this.out.isTTY) {
      this.draw(performance.now());
      this.out.write('\n');
    }
  }

  private line(now: number): string {
    const s = (now - this.t0) / 1e3;
    const rate = s > 0 ? this.done / s : 0;
    const eta = rate > 0 ? (this.total - this.done) / rate : Infinity;
    const pct = this.total ? (100 * this.done) / this.total : 100;
    return `${this.label}: ${this.done}/${this.total} designs (${pct.toFixed(0)} %), ${rate.toFixed(1)} designs/s, ETA ${duration(eta)}`;
  }

  private draw(now: number): void {
    this.lastDraw = now;
    const text = this.line(now);
    const width = Math.max(10, Math.min(40, (this.out.columns ?? 80) - text.length - 4));
    const filled = this.total ? Math.round((width * Math.min(this.done, this.total)) / this.total) : width;
    this.out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
  }
}
