/**
 * The stack schema refuses kernel entries that could never apply: one shadowed by an earlier entry,
 * kv_copies on a kind that does not read the KV cache, a weight role on a kind that carries none.
 * The kind sets it checks against agree with what the workloads build.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadArch, rawSpec } from '../../arch/load.js';
import { KV_KINDS, WEIGHTED_KINDS } from '../../arch/schema/gpu.js';
import { isUserError } from '../../arch/user-error.js';
import { buildWorkload, loadModel } from '../../workloads/models.js';
import { type Op, stepOps } from '../../workloads/trace.js';

const GPU_PRESETS = ['a100-40gb', 'a100-80gb', 'h100-sxm', 'rtx2080ti', 't4', 'v100', 'v100-dfx'];

/** A spec extending a100-80gb whose fastertransformer stack lists `extra` before its own entries. */
function specWith(extra: Record<string, unknown>[], after = false): string {
  const stacks = rawSpec('a100-80gb').tree.stacks as Record<string, { kernels: unknown[] }>;
  const own = stacks.fastertransformer.kernels;
  const kernels = after ? [...own, ...extra] : [...extra, ...own];
  const f = join(mkdtempSync(join(tmpdir(), 'tasim-stack-')), 'bad.json');
  writeFileSync(f, JSON.stringify({ extends: 'a100-80gb', stacks: { fastertransformer: { kernels } } }));
  return f;
}

const entry = (covers: Record<string, string>, more: Record<string, unknown> = {}) => ({
  name: 'extra',
  covers,
  kernels: { value: 1, assumption: 'test' },
  host_ops: { value: 0, assumption: 'test' },
  ...more,
});

async function refusal(f: string): Promise<string> {
  try {
    await loadArch(f);
  } catch (e) {
    expect(isUserError(e)).toBe(true);
    const m = (e as Error).message;
    expect(m.split('\n')).toHaveLength(1);
    return m;
  }
  throw new Error('the spec was accepted');
}

describe('GPU stack kernel entries', () => {
  it('every shipped stack of every GPU preset validates', async () => {
    for (const ref of GPU_PRESETS) {
      const stacks = Object.keys(rawSpec(ref).tree.stacks as object);
      expect(stacks.length).toBeGreaterThan(0);
      for (const stack of stacks) await expect(loadArch(ref, { stack }), `${ref} --stack ${stack}`).resolves.toBeDefined();
    }
  });

  it('a spec with an extra well-placed entry is accepted', async () => {
    await expect(loadArch(specWith([entry({ kind: 'linear', weight: 'lm_head', stage: 'decode' })]))).resolves.toBeDefined();
  });

  it('refuses an entry that an earlier one shadows', async () => {
    // After the catch-all linear entry.
    const a = await refusal(specWith([entry({ kind: 'linear', weight: 'qkv' })], true));
    expect(a).toMatch(/stacks\.fastertransformer\.kernels\.\d+\.covers/);
    expect(a).toMatch(/never used: entry 2 \(cuBLAS GEMM\) comes first.*move it before entry 2, or delete it/);
    // The same covers twice.
    const b = await refusal(specWith([entry({ kind: 'softmax', stage: 'decode' }), entry({ kind: 'softmax', stage: 'decode' })]));
    expect(b).toMatch(/kernels\.1\.covers.*entry 1 \(extra\) is never used: entry 0 \(extra\)/);
    // A weight-only entry shadows the same weight in one stage.
    const c = await refusal(specWith([entry({ kind: 'linear', weight: 'lm_head' }), entry({ kind: 'linear', weight: 'lm_head', stage: 'decode' })]));
    expect(c).toMatch(/kernels\.1\.covers/);
  });

  it('refuses kv_copies on a kind that does not read the KV cache', async () => {
    const m = await refusal(specWith([entry({ kind: 'linear', weight: 'qkv' }, { kv_copies: { value: 1, assumption: 'test' } })]));
    expect(m).toMatch(/kernels\.0\.kv_copies.*"linear" operators do not read the KV cache.*drop kv_copies, or give it on an entry of: attn_scores, attn_context/);
  });

  it('refuses a weight role on a kind that carries none', async () => {
    const m = await refusal(specWith([entry({ kind: 'softmax', weight: 'qkv' })]));
    expect(m).toMatch(/kernels\.0\.covers\.weight.*"softmax" operators carry no weight.*drop covers\.weight/);
  });

  it('the schema kind sets match the operators the workloads build', () => {
    const ops: Op[] = [];
    for (const model of ['gpt2', 'llama-2-7b', 'opt-1.3b', 'gpt-j-6b', 'pythia-1.4b', 'bert-base', 'fabnet-base', 'gpt2-bfly']) {
      const m = loadModel(model);
      const decoder = m.kind === 'decoder';
      const w = buildWorkload(m, { input: 16, output: decoder ? 2 : 0, batch: 1 });
      const s = [stepOps(w, 'summarization', 16, 0, decoder), ...(decoder ? [stepOps(w, 'generation', 1, 16, true)] : [])];
      for (const st of s) ops.push(...st.pre, ...st.layer, ...st.post);
    }
    for (const o of ops) {
      if (o.role.weight) expect(WEIGHTED_KINDS.has(o.kind as never), `${o.name}: ${o.kind} carries ${o.role.weight}`).toBe(true);
      if (o.kvReadBytes + o.kvWriteBytes > 0) expect(KV_KINDS.has(o.kind as never), `${o.name}: ${o.kind} reads the cache`).toBe(true);
    }
    expect(ops.some((o) => o.kind === 'butterfly' && o.role.weight)).toBe(true);
  });
});
