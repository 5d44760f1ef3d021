/** Options every template's simulator accepts. */
export interface SimOptions {
  /** Simulate every layer and every token with no reuse. */
  exact?: boolean;
  /** Attach per-op rows and unit timelines (for reports). */
  detail?: boolean;
}
