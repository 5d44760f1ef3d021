/**
 * Every constant in a spec may say where it comes from:
 *   clock: { value: 200 MHz, source: "DFX (MICRO'22) §6" }
 *   hop_latency: { value: 1.9 us, fitted: "to the 17.3 % sync share" }
 *   bidirectional: { value: false, assumption: "the paper says 'circulated'" }
 * This module splits such a tree into plain values and a path -> provenance map.
 */
type ProvenanceKind = 'source' | 'assumption' | 'fitted' | 'user';
interface Provenance {
  kind: ProvenanceKind;
  text: string;
}
export type Provenances = Record<string, Provenance>;

const KINDS: ProvenanceKind[] = ['source', 'assumption', 'fitted'];

export function isSourcedLeaf(v: unknown): v is { value: unknown } & Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.includes('value') && keys.some((k) => (KINDS as string[]).includes(k)) && keys.every((k) => k === 'value' || k === 'note' || (KINDS as string[]).includes(k));
}

/** Plain values plus the provenance of each leaf that declared one. */
export function stripProvenance(tree: unknown, prefix = '', out: Provenances = {}): { plain: unknown; provenance: Provenances } {
  const plain = strip(tree, prefix, out);
  return { plain, provenance: out };
}

function strip(v: unknown, path: string, out: Provenances): unknown {
  if (isSourcedLeaf(v)) {
    const kind = KINDS.find((k) => k in v) as ProvenanceKind;
    out[path] = { kind, text: String(v[kind]) };
    return v.value;
  }
  if (Array.isArray(v)) return v.map((x, i) => strip(x, `${path}[${i}]`, out));
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = strip(x, path ? `${path}.${k}` : k, out);
    return o;
  }
  return v;
}
