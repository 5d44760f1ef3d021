/** Options every template's simulator accepts. */
export interface SimOptions {
  /** Simulate every layer and every token with no reuse. */
  exact?: boolean;
  /** Attach per-op rows and unit timelines (for reports). */
  detail?: boolean;
  /**
   * Cost ranges of contexts from the schedules at their corners where every
   * schedule in the range has one structure (sim/ranges.ts); default true.
   * false schedules every distinct pass (tests compare the two).
   */
  closedForm?: boolean;
}
