import { loadArch } from './dist/arch/load.js';
import { simulate } from './dist/sim/simulate.js';
import { buildWorkload, loadModel } from './dist/workloads/models.js';
import { isUserError } from './dist/arch/user-error.js';
import { writeFileSync } from 'node:fs';
const mk = (name, o) => { writeFileSync(`/tmp/fz/${name}.json`, JSON.stringify(o)); return `/tmp/fz/${name}.json`; };
const models = [
  mk('gmax', { model_type: 'gpt2', n_layer: 1024, n_embd: 65536, n_head: 256, n_inner: 262144, vocab_size: 1048576, n_positions: 1048576 }),
  mk('gthin', { model_type: 'gpt2', n_layer: 1024, n_embd: 1024, n_head: 256, vocab_size: 1, n_positions: 1048576 }),
  mk('g1', { model_type: 'gpt2', n_layer: 1, n_embd: 1, n_head: 1, vocab_size: 1, n_positions: 1048576 }),
  mk('bmax', { model_type: 'bert', num_hidden_layers: 1024, hidden_size: 65536, num_attention_heads: 256, intermediate_size: 262144, vocab_size: 1048576, max_position_embeddings: 1048576 }),
  mk('fmax', { model_type: 'fabnet', num_hidden_layers: 1024, hidden_size: 65536, num_attention_heads: 256, intermediate_size: 262144, vocab_size: 1048576, max_position_embeddings: 1048576, attention_layers: 1024 }),
  mk('f1', { model_type: 'fabnet', num_hidden_layers: 1, hidden_size: 1, num_attention_heads: 1, intermediate_size: 1, vocab_size: 1, max_position_embeddings: 1048576, attention_layers: 1 }),
];
const reqs = [[1, 16384, 4096], [65536 - 16384, 16384, 1], [1, 16384, 1], [65536, 0, 4096], [1, 0, 1], [65536, 0, 1], [65535, 1, 4096]];
const archs = [['dfx', {devices: 4096}], ['dfx', {}], ['sta', {}], ['fabnet-vcu128', {}], ['v100', {devices: 4096, set: ['memory.capacity=16TiB']}], ['v100', {}], ['h100-sxm', {stack: 'huggingface', set: ['memory.capacity=16TiB']}], ['dfx-nm', {set: ['board.hbm.capacity=16TiB']}], ['fabnet-zynq7045', {}]];
for (const [a, o] of archs) {
  const arch = await loadArch(a, o);
  for (const m of models) for (const [i, out, b] of reqs) {
    const t0 = performance.now(); let res = '';
    try { const r = simulate(arch, buildWorkload(loadModel(m), { input: i, output: out, batch: b })); res = r.feasible ? `ok ${r.latency_s.toExponential(2)}` : 'infeasible'; } catch (e) { res = isUserError(e) ? 'user' : 'ERR ' + e.message.slice(0, 150); }
    const dt = performance.now() - t0;
    if (dt > 1500 || res.startsWith('ERR')) console.log(a, JSON.stringify(o), m.split('/').pop(), i, out, b, res, dt.toFixed(0), 'ms');
  }
}
console.log('done');
