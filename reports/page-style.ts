/** The page's stylesheet: legible at 1280x800, print-friendly, no web fonts (nothing to fetch). */
export const PAGE_CSS = `
:root { --fg:#1b1b1b; --muted:#5a5a5a; --line:#d9d9d9; --bg:#ffffff; --panel:#f7f7f5; --accent:#0072B2; --warn:#D55E00; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
#app { max-width: 1260px; margin: 0 auto; padding: 12px 10px 40px; }
header h1 { font-size: 22px; margin: 4px 0 2px; }
header p { margin: 2px 0; color: var(--muted); font-size: 13px; }
code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
header code { color: var(--fg); background: var(--panel); padding: 1px 4px; border-radius: 3px; }
nav.tabs { display: flex; gap: 4px; border-bottom: 2px solid var(--line); margin: 12px 0 10px; }
nav.tabs button { font: inherit; font-weight: 600; padding: 7px 16px; border: 1px solid var(--line); border-bottom: none; background: var(--panel); cursor: pointer; border-radius: 5px 5px 0 0; }
nav.tabs button[aria-selected="true"] { background: var(--accent); color: #fff; border-color: var(--accent); }
.view[hidden] { display: none; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; margin: 0 0 12px; min-width: 0; }
.panel h3 { margin: 0 0 6px; font-size: 14px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.grid3 { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 10px; }
.pareto-layout { display: flex; gap: 12px; align-items: flex-start; }
aside.controls { width: 260px; flex: none; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; max-height: 720px; overflow: auto; }
aside.controls h3 { font-size: 13px; margin: 8px 0 4px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
label.control { display: flex; justify-content: space-between; align-items: center; gap: 6px; margin: 4px 0; }
label.control select { max-width: 180px; font: inherit; }
label.control.inline { display: inline-flex; }
label.control select#comparison-scenario { max-width: none; }
ul.reproduce-list { margin: 4px 0 8px; padding-left: 20px; }
ul.reproduce-list li { margin: 2px 0; }
label.check { display: block; margin: 1px 0 1px 6px; cursor: pointer; }
details.filter summary { cursor: pointer; font-weight: 600; margin-top: 4px; }
.pareto-main { flex: 1; min-width: 0; }
.scatter-host canvas, .scatter-host svg { position: absolute; left: 0; top: 0; }
.scatter-overlay { pointer-events: none; }
.scatter-overlay .baseline-marker { pointer-events: all; cursor: help; }
.baseline-marker path { fill: #E69F00; stroke: #000; stroke-width: 1; }
.baseline-marker text { font-size: 12px; font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.front-line { fill: none; stroke: #D55E00; stroke-width: 1.5; stroke-dasharray: 4 2; }
.front-point { fill: none; stroke: #D55E00; stroke-width: 2; }
.run-front-point { fill: none; stroke: #000; stroke-width: 1.2; }
.pinned-ring { fill: none; stroke: #000; stroke-width: 2.5; }
.hover-ring { fill: none; stroke: #000; stroke-width: 1.5; }
.axis text, svg .tick text { font-size: 11.5px; }
.axis-label { fill: var(--fg); font-size: 13px; font-weight: 600; }
.stats { margin: 0 0 6px; color: var(--muted); }
.legend-html { margin: 6px 0; font-size: 12.5px; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; vertical-align: -1px; margin-left: 6px; }
.pinned { margin-top: 8px; }
.pinned-card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; display: inline-block; }
.pinned-card table, #tooltip table { border-collapse: collapse; }
.pinned-card td, #tooltip td { padding: 0 10px 0 0; }
.pinned button { margin-left: 10px; font: inherit; padding: 4px 10px; cursor: pointer; }
.hint { color: var(--muted); font-style: italic; }
.warn { color: var(--warn); font-weight: 600; }
.lead { font-size: 14.5px; }
.params { color: var(--muted); }
#tooltip { position: absolute; display: none; z-index: 10; pointer-events: none; background: #fff; border: 1px solid #888; border-radius: 4px; padding: 6px 8px; font-size: 12.5px; box-shadow: 0 2px 6px rgba(0,0,0,.2); max-width: 420px; }
#tooltip hr { border: none; border-top: 1px solid var(--line); margin: 3px 0; }
table.data { border-collapse: collapse; width: 100%; font-size: 12.5px; background: #fff; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 3px 6px; text-align: left; vertical-align: top; }
table.data th { position: sticky; top: 0; background: #eee; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data td.nowrap { white-space: nowrap; }
table.data td.small { font-size: 11.5px; color: var(--muted); }
table.clickable tr:hover td { background: #eef5fb; cursor: pointer; }
table.data tr.out td { background: #fbe9e0; }
.table-scroll { max-height: 360px; overflow: auto; }
.table-scroll.tall { max-height: 520px; }
.config-filter { font: inherit; padding: 3px 6px; width: 320px; margin: 4px 0 6px; }
.kind { padding: 0 5px; border-radius: 3px; font-size: 11.5px; }
.kind-source { background: #d7ebf7; } .kind-assumption { background: #fbe3b5; } .kind-fitted { background: #d3efe3; } .kind-user { background: #eed6e5; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0 12px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; min-width: 130px; }
.card-value { font-size: 18px; font-weight: 700; }
.card-label { color: var(--muted); font-size: 12px; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg text { font-family: inherit; fill: var(--fg); }
.bar-label, .bar-value { font-size: 12px; }
.bar-value { fill: var(--muted); }
.marker { stroke: #000; stroke-dasharray: 3 3; }
.marker-label, .roof-label { font-size: 11.5px; fill: var(--muted); }
.roof { fill: none; stroke: #000; stroke-width: 1.5; }
.onchip-line { stroke: #999; stroke-dasharray: 2 3; }
.op-point { stroke: #000; stroke-width: .6; }
.op-point.above-roof { stroke-width: 1.4; stroke-dasharray: 2 1.5; }
rect.span.stream { opacity: .55; }
.legend text { font-size: 12px; }
.gantt-host { overflow-x: auto; }
@media (max-width: 1100px) { .grid2, .grid3 { grid-template-columns: 1fr; } }
`;
