/**
 * Golden whole-run cases: every shipped arch preset on a few requests. Their
 * values are pinned in golden.json; an unintended change to any model fails
 * golden.test.ts. Regenerate on purpose with `npm run golden:update` and say
 * in the commit which values moved and why.
 */
export interface GoldenCase {
  readonly arch: string;
  readonly model: string;
  readonly input: number;
  readonly output: number;
  readonly batch?: number;
  readonly devices?: number;
  readonly stack?: string;
  readonly sparsity?: string;
  readonly set?: readonly string[];
}

const GPUS = ['v100', 'a100-40gb', 'a100-80gb', 'h100-sxm', 'rtx2080ti', 't4'];
const STACKS = ['roofline', 'fastertransformer', 'huggingface', 'megatron'];

export const GOLDEN_CASES: readonly GoldenCase[] = [
  { arch: 'dfx', model: 'gpt2', input: 8, output: 8 },
  { arch: 'dfx', model: 'gpt2-xl-dfx', input: 64, output: 64, devices: 4 },
  { arch: 'dfx', model: 'gpt2-medium', input: 32, output: 16, devices: 2, batch: 2 },
  { arch: 'dfx', model: 'gpt2-large', input: 100, output: 1, devices: 3 },
  { arch: 'dfx', model: 'gpt2', input: 16, output: 8, set: ['mpu.lanes=32', 'clock=250MHz', 'board=u55c'] },
  { arch: 'dfx-nm', model: 'gpt2-medium', input: 32, output: 32, devices: 2, sparsity: '2:4' },
  { arch: 'dfx-nm', model: 'gpt2', input: 16, output: 16, sparsity: '1:4' },
  { arch: 'sta', model: 'bert-base', input: 128, output: 0, sparsity: '2:8' },
  { arch: 'sta', model: 'bert-large', input: 512, output: 0, sparsity: '2:4' },
  { arch: 'sta', model: 'bert-base', input: 64, output: 0, batch: 4 },
  { arch: 'sta', model: 'gpt2', input: 32, output: 8, sparsity: '1:4' },
  { arch: 'fabnet-vcu128', model: 'fabnet-base', input: 1024, output: 0 },
  { arch: 'fabnet-vcu128', model: 'fabnet-large', input: 4096, output: 0 },
  { arch: 'fabnet-vcu128', model: 'lra-text', input: 4000, output: 0 },
  { arch: 'fabnet-vcu128', model: 'fabnet-large', input: 1024, output: 0, set: ['engines=32'] },
  { arch: 'fabnet-vcu128', model: 'gpt2-bfly', input: 64, output: 16 },
  { arch: 'fabnet-zynq7045', model: 'fabnet-base', input: 128, output: 0 },
  { arch: 'fabnet-zynq7045', model: 'fabnet-base', input: 512, output: 0 },
  { arch: 'fabnet-dense-baseline', model: 'fabnet-base', input: 1024, output: 0 },
  ...GPUS.flatMap((arch) => STACKS.map((stack) => ({ arch, stack, model: 'gpt2-xl-dfx', input: 64, output: 64, devices: arch === 'v100' ? 4 : 1 }))),
  { arch: 'a100-80gb', stack: 'fastertransformer', model: 'gpt2-medium', input: 128, output: 32, batch: 8 },
  { arch: 'a100-80gb', stack: 'fastertransformer', model: 'gpt-13b', input: 512, output: 32, batch: 16, devices: 2 },
  { arch: 'a100-40gb', stack: 'fastertransformer', model: 'bert-base', input: 128, output: 0, batch: 32, sparsity: '2:4' },
  { arch: 't4', stack: 'huggingface', model: 'bert-large', input: 384, output: 0 },
  { arch: 'a100-80gb', stack: 'roofline', model: 'fabnet-base', input: 1024, output: 0 },
  { arch: 'tpu-v4', model: 'gpt2', input: 128, output: 32 },
  { arch: 'tpu-v4', model: 'gpt2-xl', input: 64, output: 16, batch: 4, devices: 4 },
  { arch: 'tpu-v4', model: 'bert-large', input: 512, output: 0, batch: 8 },
  { arch: 'tpu-v4', model: 'gpt2-medium', input: 256, output: 8, batch: 2, set: ['array.dataflow=output_stationary', 'precision.weights=int8'] },
  { arch: 'tpu-v4', model: 'gpt2', input: 32, output: 4, set: ['array.height=256', 'array.width=256'] },
  // Decoder families from HuggingFace configs: grouped-query attention, rotary, SwiGLU, parallel blocks.
  { arch: 'dfx', model: 'llama-2-7b', input: 32, output: 16, devices: 4 },
  { arch: 'dfx', model: 'llama-3.2-1b', input: 64, output: 32, devices: 2 },
  { arch: 'dfx', model: 'qwen2-0.5b', input: 16, output: 8, devices: 4 },
  { arch: 'dfx', model: 'gpt-j-6b', input: 16, output: 8, devices: 2, set: ['precision.weights=int8'] },
  { arch: 'dfx-nm', model: 'llama-3.2-1b', input: 32, output: 16, devices: 2, sparsity: '2:4' },
  { arch: 'sta', model: 'pythia-1.4b', input: 32, output: 8 },
  { arch: 'sta', model: 'opt-1.3b', input: 16, output: 8, sparsity: '2:8' },
  { arch: 'fabnet-vcu128', model: 'llama-3.2-1b', input: 16, output: 4 },
  { arch: 'a100-80gb', stack: 'fastertransformer', model: 'llama-2-7b', input: 128, output: 32, batch: 4 },
  { arch: 'h100-sxm', stack: 'huggingface', model: 'mistral-7b', input: 64, output: 16 },
  { arch: 'h100-sxm', stack: 'fastertransformer', model: 'llama-3-8b', input: 512, output: 32, batch: 16, devices: 2 },
  { arch: 'h100-sxm', stack: 'fastertransformer', model: 'llama-3-8b', input: 64, output: 16, devices: 16 },
  { arch: 'a100-80gb', stack: 'megatron', model: 'gpt-j-6b', input: 64, output: 16, devices: 2 },
  { arch: 'a100-40gb', stack: 'roofline', model: 'qwen2-0.5b', input: 256, output: 64, batch: 8 },
  { arch: 'tpu-v4', model: 'llama-2-7b', input: 128, output: 32 },
  { arch: 'tpu-v4', model: 'qwen2-0.5b', input: 64, output: 16, batch: 4, devices: 2 },
  // The serving engines: TensorRT-LLM (C++ runtime, fused attention plugin) and vLLM (Python engine, CUDA-graph decode, paged attention).
  { arch: 'a100-80gb', stack: 'tensorrt-llm', model: 'llama-2-7b', input: 128, output: 32, batch: 4 },
  { arch: 'h100-sxm', stack: 'tensorrt-llm', model: 'llama-3-8b', input: 512, output: 32, batch: 16, devices: 2 },
  { arch: 'a100-80gb', stack: 'tensorrt-llm', model: 'gpt-j-6b', input: 64, output: 16 },
  { arch: 'a100-80gb', stack: 'vllm', model: 'llama-2-7b', input: 128, output: 32, batch: 4 },
  { arch: 'h100-sxm', stack: 'vllm', model: 'mistral-7b', input: 64, output: 16, devices: 2 },
  { arch: 'a100-40gb', stack: 'vllm', model: 'gpt2-xl-dfx', input: 64, output: 64 },
];

export function caseId(c: GoldenCase): string {
  const parts = [
    c.arch,
    c.stack,
    c.model,
    `${c.input}:${c.output}`,
    c.batch ? `b${c.batch}` : '',
    c.devices ? `x${c.devices}` : '',
    c.sparsity ? `nm${c.sparsity}` : '',
    ...(c.set ?? []),
  ];
  return parts.filter(Boolean).join(' ');
}
