/**
 * `postmortem report --format html`: one self-contained page (inline CSS, inline SVG charts, no
 * script, nothing fetched) that shows where a repository's incidents cluster and what recurs.
 * Every piece of document text goes through `escape`.
 */
import type { PostmortemRef, RepositorySummary } from './summary.js';

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const COLORS = {
  ai: '#5b5bd6',
  other: '#b4bcc8',
  recurring: '#d9480f',
  single: '#8d96a3',
  moved: '#0b7285',
  recorded: '#c5e4ea',
  aware: '#2f9e44',
  deterministic: '#e8590c',
  missing: '#ced4da',
  ages: ['#94d82d', '#fcc419', '#ff922b', '#f03e3e', '#a61e4d'],
};

const VARIABLE_NAMES: Record<string, string> = {
  prompt_revision: 'Prompt revision',
  model_slice: 'Model slice served',
  judge: 'Judge / eval config',
  retrieval_index_state: 'Retrieval index state',
  tool_schemas: 'Tool schema versions',
  traffic_mix: 'Traffic mix',
};

function fmt(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function percent(n: number, of: number): string {
  return of === 0 ? '0%' : `${Math.round((100 * n) / of)}%`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

interface Bar {
  readonly label: string;
  readonly value: number;
  /** Drawn behind `value` in a light tone (recorded behind moved). */
  readonly behind?: number;
  readonly color: string;
  readonly behindColor?: string;
  readonly tooltip: string;
  readonly note?: string;
}

/** Horizontal bars with labels on the left and values on the right. */
function hbars(bars: readonly Bar[], options: { labelWidth?: number; width?: number } = {}): string {
  if (bars.length === 0) return '<p class="empty">Nothing recorded.</p>';
  const width = options.width ?? 520;
  const labelWidth = options.labelWidth ?? 170;
  const row = 26;
  const valueWidth = 56;
  const plot = width - labelWidth - valueWidth;
  const max = Math.max(1, ...bars.map((b) => Math.max(b.value, b.behind ?? 0)));
  const height = bars.length * row + 4;
  const rows = bars.map((b, i) => {
    const y = i * row + 4;
    const w = (b.value / max) * plot;
    const back =
      b.behind === undefined
        ? ''
        : `<rect x="${labelWidth}" y="${y + 3}" width="${((b.behind / max) * plot).toFixed(1)}" height="${row - 10}" rx="3" fill="${b.behindColor ?? COLORS.recorded}"/>`;
    return `<g><title>${escape(b.tooltip)}</title><text x="${labelWidth - 8}" y="${y + row / 2}" class="label" text-anchor="end" dominant-baseline="middle">${escape(clip(b.label, 26))}</text>${back}<rect x="${labelWidth}" y="${y + 3}" width="${Math.max(w, b.value > 0 ? 2 : 0).toFixed(1)}" height="${row - 10}" rx="3" fill="${b.color}"/><text x="${labelWidth + Math.max(w, ((b.behind ?? 0) / max) * plot) + 6}" y="${y + row / 2}" class="value" dominant-baseline="middle">${escape(b.note ?? fmt(b.value))}</text></g>`;
  });
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" preserveAspectRatio="xMinYMin meet">${rows.join('')}</svg>`;
}

/** Stacked monthly columns: AI-involved on the bottom, the others above. */
function monthChart(months: RepositorySummary['byMonth']): string {
  if (months.length === 0) return '<p class="empty">No dated postmortems.</p>';
  const width = 1040;
  const height = 190;
  const left = 28;
  const bottom = 26;
  const top = 8;
  const plotH = height - bottom - top;
  const step = (width - left) / months.length;
  const barW = Math.max(4, Math.min(38, step * 0.7));
  const max = Math.max(1, ...months.map((m) => m.count));
  const stepTick = max <= 5 ? 1 : max <= 10 ? 2 : Math.ceil(max / 5);
  const ticks = Array.from({ length: Math.floor(max / stepTick) + 1 }, (_, i) => i * stepTick);
  const grid = ticks.map((t) => {
    const y = top + plotH - (t / max) * plotH;
    return `<line x1="${left}" x2="${width}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" class="grid"/><text x="${left - 6}" y="${y.toFixed(1)}" class="axis" text-anchor="end" dominant-baseline="middle">${t}</text>`;
  });
  const cols = months.map((m, i) => {
    const x = left + i * step + (step - barW) / 2;
    const hAi = (m.ai / max) * plotH;
    const hOther = ((m.count - m.ai) / max) * plotH;
    const y0 = top + plotH;
    const showLabel = months.length <= 18 || i % Math.ceil(months.length / 18) === 0;
    const [year, month] = m.month.split('-');
    const name =
      ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
        Number(month) - 1
      ] ?? month;
    const label = showLabel
      ? `<text x="${(x + barW / 2).toFixed(1)}" y="${height - 12}" class="axis" text-anchor="middle">${escape(name ?? '')}</text>${month === '01' || i === 0 ? `<text x="${(x + barW / 2).toFixed(1)}" y="${height - 1}" class="axis year" text-anchor="middle">${escape(year ?? '')}</text>` : ''}`
      : '';
    return `<g><title>${escape(`${m.month}: ${m.count} postmortems, ${m.ai} with AI involved`)}</title><rect x="${x.toFixed(1)}" y="${(y0 - hAi).toFixed(1)}" width="${barW.toFixed(1)}" height="${hAi.toFixed(1)}" fill="${COLORS.ai}"/><rect x="${x.toFixed(1)}" y="${(y0 - hAi - hOther).toFixed(1)}" width="${barW.toFixed(1)}" height="${hOther.toFixed(1)}" fill="${COLORS.other}"/>${label}</g>`;
  });
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img">${grid.join('')}${cols.join('')}</svg>`;
}

/** One 100% bar per population, split into root-cause kinds. */
function rootCauseChart(summary: RepositorySummary): string {
  const rows: Array<[string, RepositorySummary['rootCause']['all']]> = [
    ['AI involved', summary.rootCause.ai],
    ['All postmortems', summary.rootCause.all],
  ];
  const width = 520;
  const labelWidth = 120;
  const plot = width - labelWidth - 8;
  const parts: string[] = [];
  rows.forEach(([name, counts], i) => {
    const total = counts['inference-aware'] + counts['deterministic-only'] + counts.missing;
    const y = i * 44 + 6;
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + 14}" class="label" text-anchor="end" dominant-baseline="middle">${escape(name)}</text>`,
    );
    let x = labelWidth;
    for (const [kind, color, title] of [
      ['inference-aware', COLORS.aware, 'inference-aware'],
      ['deterministic-only', COLORS.deterministic, 'deterministic only'],
      ['missing', COLORS.missing, 'no root cause'],
    ] as const) {
      const n = counts[kind];
      if (n === 0 || total === 0) continue;
      const w = (n / total) * plot;
      parts.push(
        `<g><title>${escape(`${name}: ${n} ${title} (${percent(n, total)})`)}</title><rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="28" fill="${color}"/>${w > 34 ? `<text x="${(x + w / 2).toFixed(1)}" y="${y + 14}" class="inbar" text-anchor="middle" dominant-baseline="middle">${n}</text>` : ''}</g>`,
      );
      x += w;
    }
  });
  return `<svg viewBox="0 0 ${width} 94" width="100%" role="img">${parts.join('')}</svg>`;
}

/** Open action items per age bucket, coloured from fresh to stale. */
function ageChart(buckets: RepositorySummary['openItems']['byAge']): string {
  const width = 520;
  const height = 170;
  const bottom = 34;
  const plotH = height - bottom - 18;
  const step = width / buckets.length;
  const barW = step * 0.62;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const cols = buckets.map((b, i) => {
    const h = (b.count / max) * plotH;
    const x = i * step + (step - barW) / 2;
    const y = 18 + plotH - h;
    return `<g><title>${escape(`${b.count} open action items ${b.label} old`)}</title><rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" rx="3" fill="${COLORS.ages[i] ?? COLORS.ages[COLORS.ages.length - 1]}"/><text x="${(x + barW / 2).toFixed(1)}" y="${(y - 5).toFixed(1)}" class="value" text-anchor="middle">${b.count}</text><text x="${(x + barW / 2).toFixed(1)}" y="${height - 16}" class="axis" text-anchor="middle">${escape(b.label)}</text></g>`;
  });
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img"><line x1="0" x2="${width}" y1="${18 + plotH}" y2="${18 + plotH}" class="grid"/>${cols.join('')}</svg>`;
}

/** Above this many postmortems in a class, its strip shows one dot per month. */
const MAX_DOTS = 60;

/** A strip per recurring class: one dot per postmortem on a shared time axis. */
function recurrenceStrips(summary: RepositorySummary): string {
  const list = summary.recurring.slice(0, 12);
  if (list.length === 0 || summary.first === undefined || summary.last === undefined)
    return '<p class="empty">No failure class appears in more than one postmortem yet.</p>';
  const width = 1040;
  const labelWidth = 210;
  const right = 110;
  const row = 30;
  const plot = width - labelWidth - right;
  const t0 = Date.parse(`${summary.first}T00:00:00Z`);
  const t1 = Math.max(t0 + 86_400_000, Date.parse(`${summary.last}T00:00:00Z`));
  const xOf = (date: string) => labelWidth + ((Date.parse(`${date}T00:00:00Z`) - t0) / (t1 - t0)) * plot;
  const height = list.length * row + 24;
  const parts: string[] = [];
  list.forEach((r, i) => {
    const y = i * row + row / 2;
    parts.push(`<line x1="${labelWidth}" x2="${labelWidth + plot}" y1="${y}" y2="${y}" class="lane"/>`);
    parts.push(
      `<text x="${labelWidth - 10}" y="${y}" class="label strong" text-anchor="end" dominant-baseline="middle">${escape(clip(r.class, 30))}</text>`,
    );
    const dated = r.postmortems.filter((p): p is PostmortemRef & { date: string } => p.date !== undefined);
    if (dated.length > 1)
      parts.push(
        `<line x1="${xOf(dated[0]!.date).toFixed(1)}" x2="${xOf(dated[dated.length - 1]!.date).toFixed(1)}" y1="${y}" y2="${y}" stroke="${COLORS.recurring}" stroke-opacity="0.35" stroke-width="3"/>`,
      );
    if (dated.length <= MAX_DOTS) {
      for (const p of dated)
        parts.push(
          `<circle cx="${xOf(p.date).toFixed(1)}" cy="${y}" r="6" fill="${COLORS.recurring}" stroke="#fff" stroke-width="1.5"><title>${escape(`${p.id} (${p.date}): ${p.title}`)}</title></circle>`,
        );
    } else {
      // A large repository: one dot per month, its area by count, so the page stays small.
      const byMonth = new Map<string, number>();
      for (const p of dated) byMonth.set(p.date.slice(0, 7), (byMonth.get(p.date.slice(0, 7)) ?? 0) + 1);
      const most = Math.max(...byMonth.values());
      for (const [month, n] of byMonth) {
        parts.push(
          `<circle cx="${xOf(`${month}-15`).toFixed(1)}" cy="${y}" r="${(3 + 7 * Math.sqrt(n / most)).toFixed(1)}" fill="${COLORS.recurring}" fill-opacity="0.85" stroke="#fff" stroke-width="1"><title>${escape(`${r.class}: ${n} postmortems in ${month}`)}</title></circle>`,
        );
      }
    }
    const badge = r.openItems > 0 ? `<tspan class="warn"> · ${r.openItems} open</tspan>` : '';
    parts.push(
      `<text x="${labelWidth + plot + 12}" y="${y}" class="value" dominant-baseline="middle">${r.postmortems.length}×${badge}</text>`,
    );
  });
  const axisY = list.length * row + 14;
  parts.push(
    `<text x="${labelWidth}" y="${axisY}" class="axis" text-anchor="start">${escape(summary.first)}</text><text x="${labelWidth + plot}" y="${axisY}" class="axis" text-anchor="end">${escape(summary.last)}</text>`,
  );
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img">${parts.join('')}</svg>`;
}

function tile(value: string, name: string, detail: string, tone = ''): string {
  return `<div class="tile ${tone}"><div class="big">${escape(value)}</div><div class="name">${escape(name)}</div><div class="detail">${escape(detail)}</div></div>`;
}

function legend(items: ReadonlyArray<readonly [string, string]>): string {
  return `<div class="legend">${items.map(([color, name]) => `<span><i style="background:${color}"></i>${escape(name)}</span>`).join('')}</div>`;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f4f5f8;color:#1f2430;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1120px;margin:0 auto;padding:28px 24px 40px}
header h1{margin:0;font-size:26px;letter-spacing:-.01em}
header p{margin:4px 0 0;color:#5c6370}
.tiles{display:grid;grid-template-columns:repeat(5,1fr);gap:12px;margin:20px 0}
.tile{background:#fff;border-radius:10px;padding:14px 16px;box-shadow:0 1px 2px rgba(20,24,40,.08);border-top:4px solid #5b5bd6}
.tile.warn{border-top-color:#d9480f}.tile.alert{border-top-color:#e03131}.tile.calm{border-top-color:#0b7285}
.tile .big{font-size:30px;font-weight:700;letter-spacing:-.02em}
.tile .name{font-weight:600;margin-top:2px}
.tile .detail{color:#6b7280;font-size:12px}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:16px}
section{background:#fff;border-radius:10px;padding:16px 18px;margin-top:16px;box-shadow:0 1px 2px rgba(20,24,40,.08);min-width:0}
.grid2 section{margin-top:0}
.grid2{margin-top:16px}
section h2{font-size:15px;margin:0 0 2px}
section .sub{color:#6b7280;font-size:12px;margin:0 0 10px}
svg text{font-family:inherit}
svg .label{font-size:12px;fill:#343a46}
svg .label.strong{font-weight:600;fill:#1f2430}
svg .value{font-size:12px;fill:#5c6370}
svg .warn{fill:#e03131;font-weight:600}
svg .axis{font-size:11px;fill:#7b8290}
svg .axis.year{font-weight:600;fill:#5c6370}
svg .inbar{font-size:12px;fill:#fff;font-weight:600}
svg .grid{stroke:#e6e8ee;stroke-width:1}
svg .lane{stroke:#eceef3;stroke-width:1}
.legend{display:flex;gap:14px;flex-wrap:wrap;font-size:12px;color:#5c6370;margin-top:6px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
table{border-collapse:collapse;width:100%;font-size:12.5px}
th.num{text-align:right}
.muted{color:#7b8290}
th{text-align:left;color:#6b7280;font-weight:600;border-bottom:1px solid #e6e8ee;padding:5px 6px}
td{border-bottom:1px solid #f0f1f5;padding:5px 6px;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.nowrap{white-space:nowrap}
td .id{font-weight:600}
.overdue{color:#e03131;font-weight:600}
.empty{color:#7b8290;font-style:italic}
footer{color:#8a909c;font-size:12px;margin-top:18px;text-align:center}
@media (max-width:800px){.tiles{grid-template-columns:repeat(2,1fr)}.grid2{grid-template-columns:1fr}}
`;

export function renderReportHtml(summary: RepositorySummary, title = 'Postmortem report'): string {
  const s = summary;
  const span =
    s.first === undefined ? 'none dated' : s.first === s.last ? s.first : `${s.first} to ${s.last}`;
  const recurringOpen = s.openItems.onRecurring;
  const aiDet = s.rootCause.ai['deterministic-only'];
  const tiles = [
    tile(fmt(s.postmortems), 'Postmortems', span),
    tile(
      `${percent(s.aiInvolved, s.postmortems)}`,
      'AI involved',
      `${fmt(s.aiInvolved)} of ${fmt(s.postmortems)}`,
      'calm',
    ),
    tile(
      fmt(s.recurring.length),
      'Recurring classes',
      `${fmt(recurringOpen)} open action items on them`,
      s.recurring.length > 0 ? 'warn' : '',
    ),
    tile(
      fmt(s.openItems.total),
      'Open action items',
      `${fmt(s.openItems.overdue)} past their due date`,
      s.openItems.overdue > 0 ? 'alert' : '',
    ),
    tile(
      fmt(aiDet),
      'AI root causes without the inference',
      `of ${fmt(s.aiInvolved)} AI incidents: deterministic only`,
      aiDet > 0 ? 'warn' : '',
    ),
  ];

  const recurringSet = new Set(s.recurring.map((r) => r.class));
  const classBars = s.byClass.slice(0, 14).map((c) => ({
    label: c.class,
    value: c.count,
    color: recurringSet.has(c.class) ? COLORS.recurring : COLORS.single,
    tooltip: `${c.class}: ${c.count} postmortems${c.subclasses.length ? ` (${c.subclasses.map((x) => `${x.name} ${x.count}`).join(', ')})` : ''}`,
  }));
  const variableBars = s.byVariable.map((v) => ({
    label: VARIABLE_NAMES[v.variable] ?? v.variable,
    value: v.moved,
    behind: v.recorded,
    color: COLORS.moved,
    tooltip: `${v.variable}: moved in ${v.moved}, recorded in ${v.recorded} postmortems`,
    note: `${v.moved} / ${v.recorded}`,
  }));
  const serviceBars = s.byService.slice(0, 12).map((x) => ({
    label: x.service,
    value: x.count,
    color: COLORS.ai,
    tooltip: `${x.service}: ${x.count} postmortems`,
  }));

  const oldest =
    s.openItems.oldest.length === 0
      ? '<p class="empty">No open action items.</p>'
      : `<table><thead><tr><th>Age</th><th>Postmortem</th><th>Action item</th><th>Owner</th><th>Due</th></tr></thead><tbody>${s.openItems.oldest
          .map(
            (o) =>
              `<tr><td class="num">${o.ageDays === undefined ? '?' : `${fmt(o.ageDays)} d`}</td><td class="nowrap"><span class="id" title="${escape(o.postmortem.title)}">${escape(o.postmortem.id)}</span></td><td>${escape(clip(o.text, 90))}</td><td>${escape(o.owner ?? '')}</td><td class="nowrap${o.overdue ? ' overdue' : ''}">${escape(o.due ?? '')}</td></tr>`,
          )
          .join('')}</tbody></table>`;

  const svr =
    s.recurringServiceVariables.length === 0
      ? ''
      : `<section><h2>Same service, same moved variable</h2><p class="sub">A service where the same AI variable moved in more than one incident.</p><table><thead><tr><th>Service</th><th>Moved variable</th><th class="num">Postmortems</th><th>First</th><th>Latest</th></tr></thead><tbody>${s.recurringServiceVariables
          .slice(0, 10)
          .map((r) => {
            const first = r.postmortems[0]!;
            const latest = r.postmortems[r.postmortems.length - 1]!;
            const ref = (p: PostmortemRef) =>
              `<span class="id" title="${escape(p.title)}">${escape(p.id)}</span> <span class="muted">${escape(p.date ?? 'undated')}</span>`;
            return `<tr><td>${escape(r.service)}</td><td>${escape(VARIABLE_NAMES[r.variable] ?? r.variable)}</td><td class="num">${r.postmortems.length}</td><td>${ref(first)}</td><td>${ref(latest)}</td></tr>`;
          })
          .join(
            '',
          )}</tbody></table>${s.recurringServiceVariables.length > 10 ? `<p class="sub">And ${fmt(s.recurringServiceVariables.length - 10)} more pairs in the JSON and Markdown reports.</p>` : ''}</section>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escape(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header><h1>${escape(title)}</h1><p>${s.postmortems === 0 ? 'No postmortems' : `${fmt(s.postmortems)} postmortem${s.postmortems === 1 ? '' : 's'}, ${escape(span)}${s.first !== undefined && s.undated ? ` (${fmt(s.undated)} undated)` : ''}`}. Action item ages as of ${escape(s.asOf)}.</p></header>
<div class="tiles">${tiles.join('')}</div>
<section><h2>Postmortems by month</h2><p class="sub">Stacked: incidents with an AI system involved, and the others.</p>${monthChart(s.byMonth)}${legend(
    [
      [COLORS.ai, 'AI involved'],
      [COLORS.other, 'Other'],
    ],
  )}</section>
<section><h2>Recurring failure classes</h2><p class="sub">Each dot is a postmortem of that class over time; the same class coming back is the lesson that did not stick.</p>${recurrenceStrips(s)}</section>
<div class="grid2">
<section><h2>By failure class</h2><p class="sub">Class roots of <code>failure_classes</code>${s.unclassified ? `; ${fmt(s.unclassified)} postmortems record none` : ''}.</p>${hbars(classBars)}${legend(
    [
      [COLORS.recurring, 'recurring (2 or more)'],
      [COLORS.single, 'once'],
    ],
  )}</section>
<section><h2>Moved variables</h2><p class="sub">The six variables that move silently in an AI incident: moved / recorded.</p>${hbars(variableBars, { labelWidth: 160 })}${legend(
    [
      [COLORS.moved, 'moved'],
      [COLORS.recorded, 'recorded'],
    ],
  )}</section>
</div>
<div class="grid2">
<section><h2>Root causes</h2><p class="sub">Does the root cause say what the model inferred, or only name a deterministic cause?</p>${rootCauseChart(s)}${legend(
    [
      [COLORS.aware, 'inference-aware'],
      [COLORS.deterministic, 'deterministic only'],
      [COLORS.missing, 'no root cause'],
    ],
  )}</section>
<section><h2>Open action items by age</h2><p class="sub">${fmt(s.openItems.total)} open, ${fmt(s.openItems.overdue)} past their due date.</p>${ageChart(s.openItems.byAge)}</section>
</div>
<div class="grid2">
<section><h2>By service</h2><p class="sub">Postmortems per service${s.byService.length > 12 ? ` (top 12 of ${fmt(s.byService.length)})` : ''}.</p>${hbars(serviceBars)}</section>
<section><h2>Oldest open action items</h2><p class="sub">Age counted from the postmortem's date.</p>${oldest}</section>
</div>
${svr}
<footer>Generated by ai-postmortem from the postmortems' frontmatter and sections.</footer>
</main>
</body>
</html>
`;
}
