/** One self-contained HTML page: stylesheet, d3, the report document as JSON, and the page script, all inline. */
import type { ReportDoc } from './report-doc.js';
import { d3Source, pageScript } from './page-bundle.js';
import { PAGE_CSS } from './page-style.js';

/** JSON that cannot end the script element it sits in. */
export function inlineJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderHtml(doc: ReportDoc): string {
  return [
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
    `<script type="application/json" id="tasim-data">${inlineJson(doc)}</script>`,
    `<script>${d3Source().replace(/<\/script/gi, '<\\/script')}</script>`,
    `<script>${pageScript()}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
