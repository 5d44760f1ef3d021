/**
 * A design's reproduce commands differ only in the request (`--input N
 * --output M [--batch B]`), so a report stores one template per design with a
 * slot for it. The report builder keeps a template only when expanding it
 * gives back exactly the commands of the run (else the commands themselves).
 */
import type { RequestSpec } from '../report-doc.js';

const REQUEST_SLOT = '{request}';

/** The words of a command that name its request, as dse/reproduce.ts writes them. */
function requestWords(r: RequestSpec): string {
  return `--input ${r.input} --output ${r.output}${r.batch !== 1 ? ` --batch ${r.batch}` : ''}`;
}

export function expandReproduce(entry: string | string[] | null | undefined, requests: readonly RequestSpec[]): string[] | null {
  if (entry === null || entry === undefined) return null;
  if (Array.isArray(entry)) return entry;
  return requests.map((r) => entry.replace(REQUEST_SLOT, requestWords(r)));
}

/** A template for `commands` over `requests`, or the commands when no template gives them back exactly. */
export function compactReproduce(commands: string[], requests: readonly RequestSpec[]): string | string[] {
  if (commands.length < 2 || commands.length !== requests.length) return commands;
  const words = ` ${requestWords(requests[0])}`;
  const at = commands[0].indexOf(words);
  if (at < 0) return commands;
  const template = `${commands[0].slice(0, at)} ${REQUEST_SLOT}${commands[0].slice(at + words.length)}`;
  const back = expandReproduce(template, requests);
  return back?.every((c, k) => c === commands[k]) ? template : commands;
}
