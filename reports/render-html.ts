/** One self-contained HTML page: stylesheet, d3, the report document as JSON, and the page script, all inline. */
import type { ReportDoc } from './report-doc.js';
import { d3Source, pageScript } from './page-bundle.js';
import { PAGE_CSS } from './page-style.js';

/** JSON text made safe inside a script element: no `<` to end it, no line separator for old parsers. */
function safe(json: string): string {
  return json
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** JSON that cannot end the script element it sits in. */
export function inlineJson(v: unknown): string {
  return safe(JSON.stringify(v));
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Elements of an array stringified at a time: a million-design report's columns are never one string. */
const CHUNK = 8192;

/**
 * inlineJson(v) as a list of pieces whose concatenation is it, none of them
 * the whole document: objects are written key by key and long arrays a chunk
 * of elements at a time (JSON.stringify's own output, joined as it joins).
 */
export function inlineJsonParts(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v) && v.length > CHUNK) {
    out.push('[');
    for (let i = 0; i < v.length; i += CHUNK) out.push((i ? ',' : '') + safe(JSON.stringify(v.slice(i, i + CHUNK)).slice(1, -1)));
    out.push(']');
  } else if (v && typeof v === 'object' && !Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function') {
    out.push('{');
    let first = true;
    for (const [k, x] of Object.entries(v)) {
      // As JSON.stringify: keys whose value has no JSON are left out.
      if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
      out.push(`${first ? '' : ','}${safe(JSON.stringify(k))}:`);
      first = false;
      inlineJsonParts(x, out);
    }
    out.push('}');
  } else out.push(safe(JSON.stringify(v) ?? 'null'));
  return out;
}

export function renderHtml(doc: ReportDoc): string {
  return renderHtmlParts(doc).join('');
}

/** The page as pieces to write one after another (a large sweep's page is more than one string should hold). */
export function renderHtmlParts(doc: ReportDoc): string[] {
  const head = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing may be fetched: the page is meant to work offline and leak nothing.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeText(doc.title)}</title>`,
    `<style>${PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    '<div id="app"></div>',
    '<script type="application/json" id="tasim-data">',
  ].join('\n');
  const tail = ['</script>', `<script>${d3Source().replace(/<\/script/gi, '<\\/script')}</script>`, `<script>${pageScript()}</script>`, '</body>', '</html>', ''].join('\n');
  return [head, ...inlineJsonParts(doc), tail];
}
