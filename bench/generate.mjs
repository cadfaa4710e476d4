// A seeded generator of realistic postmortems of AI incidents: YAML frontmatter with the nested AI
// fields of the bundled schema, timelines of 20-200 rows as bullets or tables, action items, code,
// quotes and suppression comments; 2 KB-60 KB, a few of about 1 MB, about 6% invalid.
// Used by `bench/run.mjs` and by `test/perf-equivalence.test.ts`; the same seed gives the same files.
import { stringify } from 'yaml';

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const WORDS = (
  'agent model router judge prompt retrieval index tool schema traffic tenant refund order customer queue latency ' +
  'timeout vendor provider embedding cache rollout canary threshold score replay sample window policy approval ' +
  'support escalation ticket trace span token context window drift slice quota region fallback deploy config ' +
  'evaluation guardrail classifier confidence regression dataset label annotation pipeline batch stream retry'
).split(' ');
const VERBS =
  'observed assumed concluded inferred retried escalated refunded rolled back paged disabled replayed measured confirmed'.split(
    ' ',
  );
const ACTORS = [
  'refund-agent',
  'router',
  'on-call (Dana)',
  '@mlee',
  'judge',
  'Priya',
  'vendor support',
  'IC',
  'SRE bot',
  'triage-agent',
];
const SERVICES = [
  'support-agent',
  'refund-api',
  'model-router',
  'kb-retriever',
  'judge-service',
  'billing',
  'gateway',
];

function sentence(r, min = 8, max = 22) {
  const n = r.int(min, max);
  const words = [];
  for (let i = 0; i < n; i++) words.push(i % 7 === 3 ? r.pick(VERBS) : r.pick(WORDS));
  const s = words.join(' ');
  const decorated = r.chance(0.15)
    ? s.replace(/(\w+) (\w+)$/, '`$1` **$2**')
    : r.chance(0.1)
      ? `${s} (see [runbook](https://runbooks.example.com/${r.pick(WORDS)}))`
      : s;
  return `${decorated[0].toUpperCase()}${decorated.slice(1)}.`;
}

function paragraph(r, sentences = r.int(2, 6)) {
  return Array.from({ length: sentences }, () => sentence(r)).join(' ');
}

function iso(base, minutes) {
  return new Date(base + minutes * 60000).toISOString().replace('.000Z', 'Z');
}

function frontmatter(r, index, day) {
  const date = new Date(day).toISOString().slice(0, 10);
  const t0 = day + r.int(0, 20) * 3600000;
  const data = {
    kind: 'postmortem',
    id: `PM-${date}-${index}`,
    title: `${r.pick(SERVICES)} ${r.pick(VERBS)} ${r.pick(WORDS)} for ${r.int(2, 900)} ${r.pick(['customers', 'tenants', 'requests'])}`,
    date,
    started_at: iso(t0, 0),
    detected_at: iso(t0, r.int(5, 90)),
    mitigated_at: iso(t0, r.int(100, 400)),
    severity: r.pick(['SEV1', 'SEV2', 'SEV3', 'SEV4']),
    status: r.pick(['draft', 'in-review', 'published', 'closed']),
    authors: [r.pick(ACTORS.filter((a) => !a.includes('agent'))), '@mlee'],
    services: [r.pick(SERVICES), r.pick(SERVICES)],
    tags: [r.pick(WORDS), r.pick(WORDS)],
    impact: { users_affected: r.int(0, 50000), duration_minutes: r.int(5, 900) },
    ai_involved: true,
    prompt_revision: [{ name: 'refund-agent/system', version: `r${r.int(1, 90)}` }],
    model_slice: [
      { requested_model: 'gpt-4.1', served_model: r.pick(['gpt-4.1', 'gpt-4.1-mini']), provider: 'openai' },
    ],
    judge: [
      {
        name: 'refund-policy-judge',
        threshold: 0.7,
        fired: r.chance(0.5),
        score: Math.round(r.next() * 100) / 100,
      },
    ],
    behavior_rate: { replays: 200, failures: r.int(0, 60) },
    dependency_chain: [
      { tier: 1, party: 'Support platform' },
      { tier: 2, party: 'Acme AI (model API)' },
    ],
    agent_decisions: Array.from({ length: r.int(1, 4) }, (_, i) => ({
      at: iso(t0, i * 3 + 2),
      agent: 'refund-agent',
      concluded: sentence(r, 4, 10),
    })),
  };
  return data;
}

/** Ways a frontmatter goes wrong in real repositories. */
const BREAKAGES = [
  (yaml) => yaml.replace(/^severity: .*$/m, 'severity: sev2'),
  (yaml) => yaml.replace(/^title: .*\n/m, ''),
  (yaml) => yaml.replace(/^status: .*$/m, 'status: "draft'),
  (yaml) => yaml.replace(/^  users_affected: .*$/m, '  users_affected: many\n  blast_radius: EU'),
  (yaml) => yaml.replace(/^date: .*$/m, 'date: 14/03/2026'),
  (yaml) => `${yaml}\tbad_indent: true\n`,
];

function timeline(r, t0, rows) {
  const lines = ['## Timeline', ''];
  if (r.chance(0.5)) {
    lines.push('| Time (UTC) | Actor | Event |', '| --- | --- | --- |');
    for (let i = 0, m = 0; i < rows; i++, m += r.int(1, 4))
      lines.push(`| ${iso(t0, m)} | ${r.pick(ACTORS)} | ${sentence(r, 6, 16)} |`);
  } else {
    for (let i = 0, m = 0; i < rows; i++, m += r.int(1, 4)) {
      const tag = r.chance(0.1) ? ' [agent]' : '';
      lines.push(
        `- ${iso(t0, m).slice(0, 16).replace('T', ' ')} UTC${tag} ${r.pick(ACTORS)}: ${sentence(r, 6, 16)}`,
      );
      if (r.chance(0.05)) lines.push(`  - ${sentence(r, 4, 10)}`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

function actionItems(r) {
  const lines = ['## Action items', ''];
  const n = r.int(3, 12);
  if (r.chance(0.5)) {
    for (let i = 0; i < n; i++)
      lines.push(
        `- [${r.chance(0.3) ? 'x' : ' '}] ${sentence(r, 5, 12)} Owner: @${r.pick(['mlee', 'dana', 'priya'])}, due 2026-0${r.int(4, 9)}-1${r.int(0, 9)}`,
      );
  } else {
    lines.push('| Action | Owner | Due | Status |', '| --- | --- | --- | --- |');
    for (let i = 0; i < n; i++)
      lines.push(
        `| ${sentence(r, 5, 12)} | @${r.pick(['mlee', 'dana'])} | 2026-0${r.int(4, 9)}-2${r.int(0, 8)} | ${r.pick(['open', 'done', 'in progress'])} |`,
      );
  }
  lines.push('');
  return lines.join('\n');
}

function filler(r, title) {
  const parts = [`## ${title}`, ''];
  const kind = r.next();
  if (kind < 0.12)
    parts.push(
      '```json',
      JSON.stringify({ request: r.pick(WORDS), score: r.next(), tool: 'issue_refund' }, null, 2),
      '```',
    );
  else if (kind < 0.2) parts.push(`> ${sentence(r)}`, `> ${sentence(r)}`);
  else if (kind < 0.28) parts.push(...Array.from({ length: r.int(2, 5) }, () => `- ${sentence(r, 5, 12)}`));
  else if (kind < 0.32)
    parts.push(`<!-- postmortem-disable-next-line frontmatter-missing -- ${r.pick(WORDS)} -->`, paragraph(r));
  else parts.push(paragraph(r));
  parts.push('');
  if (r.chance(0.2)) parts.push(`### ${r.pick(WORDS)} ${r.pick(WORDS)}`, '', paragraph(r), '');
  return parts.join('\n');
}

const SECTION_TITLES = [
  'Summary',
  'Impact',
  'Detection',
  'Root cause',
  'Contributing factors',
  'Agent decisions',
  'Behavior rate',
  'Dependencies',
  'Resolution',
  'Lessons learned',
  'What went well',
  'Where we got lucky',
];

/** One document of about `size` characters. */
export function generateDocument(seed, index, size, invalid) {
  const r = rng(seed * 1000003 + index);
  const day = Date.UTC(2025, 0, 1) + r.int(0, 450) * 86400000;
  const data = frontmatter(r, index, day);
  let yaml = stringify(data, { lineWidth: 0 });
  if (invalid) yaml = r.pick(BREAKAGES)(yaml);
  const out = [`---\n${yaml}---\n`, `# ${data.title}\n`];
  const rows = Math.max(20, Math.min(200, Math.round(size / 300)));
  const t0 = Date.parse(data.started_at);
  let body = [timeline(r, t0, r.int(20, rows)), actionItems(r)];
  let length = out.join('\n').length + body.join('\n').length;
  const middle = [];
  let i = 0;
  while (length < size) {
    const piece = filler(
      r,
      i < SECTION_TITLES.length ? SECTION_TITLES[i] : `${r.pick(WORDS)} ${r.pick(WORDS)} ${i}`,
    );
    middle.push(piece);
    length += piece.length + 1;
    i++;
  }
  body = [middle.slice(0, 2).join('\n'), body[0], middle.slice(2).join('\n'), body[1]];
  return `${out.join('\n')}\n${body.filter(Boolean).join('\n')}`;
}

/**
 * A corpus of `count` documents: `{ path, text }`, paths spread over nested folders. Sizes are
 * log-uniform in 2-60 KB; one document in 1,000 (at least one when `huge` is set) is about 1 MB.
 */
export function generateCorpus({ seed = 1, count = 200, huge = false } = {}) {
  const r = rng(seed);
  const files = [];
  const hugeEvery = 1000;
  for (let i = 0; i < count; i++) {
    const isHuge = (huge && i === 7) || i % hugeEvery === hugeEvery - 1;
    const size = isHuge ? 1_000_000 : Math.round(2000 * Math.pow(30, r.next()));
    const invalid = r.chance(0.06);
    const folder = `team-${i % 17}/${2025 + (i % 2)}`;
    files.push({
      path: `${folder}/${String(i).padStart(5, '0')}-incident.postmortem.md`,
      text: generateDocument(seed, i, size, invalid),
      huge: isHuge,
      invalid,
    });
  }
  return files;
}
