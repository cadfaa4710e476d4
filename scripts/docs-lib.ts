/** Renders each rule's docs page and the README rules table from the rule metadata (never by hand). */
import type { EngineRule } from '../src/core/index.js';

function fence(lang: string, body: string): string {
  const ticks = body.includes('```') ? '````' : '```';
  return `${ticks}${lang}\n${body.endsWith('\n') ? body : `${body}\n`}${ticks}`;
}

function shorten(text: string): string {
  return text.length > 1200 ? `${text.slice(0, 600)}\n[… ${text.length - 1200} characters omitted …]\n${text.slice(-600)}` : text;
}

function optionsSection(rule: EngineRule): string {
  const schema = rule.meta.optionsSchema as { properties?: Record<string, { type?: string; description?: string; default?: unknown }> } | undefined;
  if (!schema?.properties || Object.keys(schema.properties).length === 0) return 'This rule has no options.';
  const rows = Object.entries(schema.properties).map(
    ([name, p]) => `| \`${name}\` | ${p.type ?? ''} | ${p.default === undefined ? '' : `\`${JSON.stringify(p.default)}\``} | ${(p.description ?? '').replace(/\|/g, '\\|')} |`,
  );
  return ['| Option | Type | Default | Meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function renderRulePage(rule: EngineRule): string {
  const parts: string[] = [
    `# \`${rule.id}\``,
    '',
    `${rule.meta.summary}.`,
    '',
    '| Default severity | Category | Fixable |',
    '| --- | --- | --- |',
    `| ${rule.meta.defaultSeverity} | ${rule.meta.category} | ${rule.meta.fixable ? 'yes' : rule.meta.hasSuggestions ? 'no; the editor suggests an edit' : 'no'} |`,
    '',
    '## Why',
    '',
    rule.docs.rationale,
    '',
    '## How to fix',
    '',
    rule.docs.howToFix,
    '',
  ];
  if (rule.docs.measured) parts.push('## Measured', '', rule.docs.measured, '');
  if (rule.docs.examples.length > 0) {
    parts.push('## Examples', '');
    for (const example of rule.docs.examples) {
      parts.push(`### ${example.name}`, '', fence('markdown', shorten(example.input)), '');
      for (const [other, text] of Object.entries(example.repository ?? {})) parts.push(`With \`${other}\` earlier in the repository:`, '', fence('markdown', shorten(text)), '');
      if (example.options) parts.push(`With options \`${JSON.stringify(example.options)}\`.`, '');
      if (example.config) parts.push(`With \`.postmortem.json\` \`${JSON.stringify(example.config)}\`.`, '');
      parts.push(example.output.length === 0 ? 'No finding.' : `${example.output.length === 1 ? 'Finding' : 'Findings'} (\`postmortem lint\` output, without the file name):`, '');
      if (example.output.length > 0) parts.push(fence('text', example.output.join('\n')), '');
      if (example.fixed !== undefined) parts.push('After `postmortem lint --fix`:', '', fence('markdown', shorten(example.fixed)), '');
      if (example.suggested !== undefined) parts.push('After the editor\'s suggestion (a quick fix; `--fix` does not apply it):', '', fence('markdown', shorten(example.suggested)), '');
    }
  }
  parts.push(
    '## Options',
    '',
    optionsSection(rule),
    '',
    '## Configure',
    '',
    'In `.postmortem.json` (shared by the editor and CI):',
    '',
    fence('json', JSON.stringify({ rules: { [rule.id]: rule.meta.defaultSeverity === 'error' ? 'warning' : 'error' } }, null, 2)),
    '',
    'Turn it off for one place, with a reason:',
    '',
    fence('markdown', `<!-- postmortem-disable-next-line ${rule.id} -- why this is fine here -->`),
    '',
  );
  return parts.join('\n');
}

export function renderRulesTable(rules: readonly EngineRule[]): string {
  const rows = [...rules]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((r) => `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.meta.category} | ${r.meta.defaultSeverity} | ${r.meta.fixable ? 'yes' : r.meta.hasSuggestions ? 'suggestion' : ''} | ${r.meta.summary.replace(/\|/g, '\\|')} |`);
  return ['<!-- rules:start -->', '| Rule | Category | Default | Fix | What it checks |', '| --- | --- | --- | --- | --- |', ...rows, '<!-- rules:end -->'].join('\n');
}
