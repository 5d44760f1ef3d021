/** What a user asks the model to do: tokens in, tokens out, sequences at once. */
export interface Request {
  readonly input: number;
  /** 0 = an encoder-only run over `input` tokens. */
  readonly output: number;
  readonly batch: number;
}
