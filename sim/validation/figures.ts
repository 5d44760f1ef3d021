/**
 * The published figures tasim carries (copied with their sources from the
 * reference material into sim/validation/published.json) and lookup by id.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../arch/project-root.js';

export interface PublishedFigure {
  id: string;
  system: string;
  model: string;
  devices: string;
  input_tokens: number | null;
  output_tokens: number | null;
  metric: string;
  value: number;
  source: string;
  note: string;
}

let figures: PublishedFigure[] | undefined;

function publishedFigures(): PublishedFigure[] {
  figures ??= JSON.parse(readFileSync(join(projectRoot(), 'sim', 'validation', 'published.json'), 'utf8')) as PublishedFigure[];
  return figures;
}

export function figure(id: string): PublishedFigure {
  const f = publishedFigures().find((x) => x.id === id);
  if (!f) throw new Error(`no published figure ${id}`);
  return f;
}
