/** `postmortem report --format md`: the summary as a Markdown page (GitHub-flavoured tables). */
import type { PostmortemRef, RepositorySummary } from './summary.js';

/** Text in a table cell: no line breaks, pipes escaped, Markdown and HTML specials neutralised. */
function cell(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/([\\`*_[\]<>|])/g, '\\$1')
    .trim();
}

function table(header: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  const align = header.map((_, i) => (typeof rows[0]?.[i] === 'number' ? '---:' : '---'));
  return [
    `| ${header.join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...rows.map((r) => `| ${r.map((c) => (typeof c === 'number' ? String(c) : c)).join(' | ')} |`),
  ].join('\n');
}

function percent(n: number, of: number): string {
  return of === 0 ? '0%' : `${Math.round((100 * n) / of)}%`;
}

/** The latest `MAX_REFS` postmortems of a list (oldest first), then how many more. */
const MAX_REFS = 12;

function refs(list: readonly PostmortemRef[]): string {
  const shown = list.slice(-MAX_REFS).map((p) => `${cell(p.id)} (${p.date ?? 'undated'})`);
  return list.length > MAX_REFS
    ? `${list.length - MAX_REFS} earlier, then ${shown.join(', ')}`
    : shown.join(', ');
}

/** The report's first sentence, right for zero, one and many postmortems. */
function headline(s: RepositorySummary): string {
  if (s.postmortems === 0) return 'No postmortems.';
  const n = s.postmortems === 1 ? '1 postmortem' : `${s.postmortems} postmortems`;
  const span =
    s.first === undefined
      ? ', none dated'
      : s.first === s.last
        ? ` dated ${s.first}`
        : ` from ${s.first} to ${s.last}`;
  const undated = s.first !== undefined && s.undated ? ` (${s.undated} undated)` : '';
  return `${n}${span}${undated}; ${s.aiInvolved} (${percent(s.aiInvolved, s.postmortems)}) involve${s.aiInvolved === 1 ? 's' : ''} an AI system.`;
}

export function renderReportMarkdown(summary: RepositorySummary, title = 'Postmortem report'): string {
  const s = summary;
  const out: string[] = [`# ${cell(title)}`, ''];
  out.push(`${headline(s)} Action item ages are counted to ${s.asOf}.`, '');

  out.push('## Recurring failure classes', '');
  if (s.recurring.length === 0) out.push('No failure class appears in more than one postmortem.', '');
  else
    out.push(
      table(
        ['Class', 'Postmortems', 'Open action items', 'Where'],
        s.recurring.map((r) => [
          `\`${cell(r.class)}\``,
          r.postmortems.length,
          r.openItems,
          refs(r.postmortems),
        ]),
      ),
      '',
    );
  if (s.recurringServiceVariables.length > 0) {
    out.push('Services where the same variable moved more than once:', '');
    out.push(
      table(
        ['Service', 'Moved variable', 'Postmortems', 'Where'],
        s.recurringServiceVariables.map((r) => [
          cell(r.service),
          `\`${r.variable}\``,
          r.postmortems.length,
          refs(r.postmortems),
        ]),
      ),
      '',
    );
  }

  out.push('## By failure class', '');
  if (s.byClass.length === 0) out.push('No postmortem records `failure_classes`.', '');
  else
    out.push(
      table(
        ['Class', 'Postmortems', 'Subclasses'],
        s.byClass.map((c) => [
          `\`${cell(c.class)}\``,
          c.count,
          c.subclasses.map((x) => `${cell(x.name)} (${x.count})`).join(', '),
        ]),
      ),
      '',
    );
  if (s.unclassified > 0) out.push(`${s.unclassified} postmortems record no failure class.`, '');

  out.push('## By service', '');
  if (s.byService.length === 0) out.push('No postmortem records `services`.', '');
  else
    out.push(
      table(
        ['Service', 'Postmortems'],
        s.byService.map((x) => [cell(x.service), x.count]),
      ),
      '',
    );

  out.push('## By moved variable', '');
  out.push(
    table(
      ['Variable', 'Moved', 'Recorded'],
      s.byVariable.map((v) => [`\`${v.variable}\``, v.moved, v.recorded]),
    ),
    '',
  );

  out.push('## By month', '');
  if (s.byMonth.length === 0) out.push('No dated postmortems.', '');
  else
    out.push(
      table(
        ['Month', 'Postmortems', 'AI involved'],
        s.byMonth.map((m) => [m.month, m.count, m.ai]),
      ),
      '',
    );

  out.push('## Root causes', '');
  const rc = s.rootCause;
  out.push(
    table(
      ['Root cause', 'All postmortems', 'AI involved'],
      [
        [
          'Inference-aware (says what the model inferred)',
          rc.all['inference-aware'],
          rc.ai['inference-aware'],
        ],
        ['Deterministic only', rc.all['deterministic-only'], rc.ai['deterministic-only']],
        ['No root cause written', rc.all.missing, rc.ai.missing],
      ],
    ),
    '',
  );

  out.push('## Open action items', '');
  out.push(
    `${s.openItems.total} open action items${s.openItems.overdue ? `, ${s.openItems.overdue} past their due date` : ''}.`,
    '',
  );
  out.push(
    table(
      ['Age', 'Open items'],
      s.openItems.byAge.map((b) => [b.label, b.count]),
    ),
    '',
  );
  if (s.openItems.oldest.length > 0) {
    out.push('Oldest:', '');
    out.push(
      table(
        ['Age (days)', 'Postmortem', 'Action item', 'Owner', 'Due'],
        s.openItems.oldest.map((o) => [
          o.ageDays === undefined ? '?' : String(o.ageDays),
          `${cell(o.postmortem.id)} (${o.postmortem.date ?? 'undated'})`,
          cell(o.text),
          cell(o.owner ?? ''),
          `${cell(o.due ?? '')}${o.overdue ? ' (overdue)' : ''}`,
        ]),
      ),
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}
