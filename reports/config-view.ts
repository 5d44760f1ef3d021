/** An arch spec flattened to `path = value` rows, each with the provenance its preset declared. */
import type { ConfigEntry, ConfigView } from './report-doc.js';

export interface ArchLike {
  ref: string;
  template: string;
  spec: unknown;
  provenance: Readonly<Record<string, { kind: 'source' | 'assumption' | 'fitted' | 'user'; text: string }>>;
  overrides: readonly string[];
}

export function configView(a: ArchLike): ConfigView {
  const entries: ConfigEntry[] = [];
  const walk = (v: unknown, path: string) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
      return;
    }
    if (Array.isArray(v) && v.some((x) => x && typeof x === 'object')) {
      v.forEach((x, k) => {
        walk(x, `${path}[${k}]`);
      });
      return;
    }
    const p = a.provenance[path];
    entries.push({ path, value: show(v), kind: p?.kind ?? null, text: p?.text ?? null });
  };
  walk(a.spec, '');
  return { ref: a.ref, template: a.template, overrides: [...a.overrides], entries };
}

function show(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : String(Number(v.toPrecision(6)));
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v === null || v === undefined) return '-';
  return String(v);
}
