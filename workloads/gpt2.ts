/**
 * GPT-2 text generation: the generic decoder (decoder.ts) with GPT-2's block
 * (pre-LN, GELU MLP, learned positions, tied LM head) and its op names.
 */
export { decoderLayer as gpt2Layer, decoderWorkload as gpt2Workload } from './decoder.js';
