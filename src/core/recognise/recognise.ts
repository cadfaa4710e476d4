/**
 * Whether a Markdown file is a postmortem, and why: the one decision the CLI walk, `report`, the
 * repository index and the editor all call, so they cannot disagree. Pure: the shells hand over the
 * path, the text and the config. The vocabulary (folder names, frontmatter keys, heading phrases) is
 * data (`signals.json`); the rules that combine it are here and in docs/recognition.md.
 */
import picomatch from 'picomatch/posix.js';
import signals from './signals.json' with { type: 'json' };
import type { ResolvedConfig } from '../config.js';
import { normaliseTitle } from '../document/sections.js';
import { basename, dirname, relative } from '../path.js';

/** One signal that was looked for and found (or, for `ignored` and `excluded-name`, one that vetoes the content signals). */
export type RecognitionSignal =
  'ignored' | 'name' | 'files' | 'kind' | 'frontmatter' | 'folder' | 'sections' | 'excluded-name';

export interface RecognitionReason {
  readonly signal: RecognitionSignal;
  /** What matched: the glob, the frontmatter keys, the folder name, the headings (as written). */
  readonly values: readonly string[];
}

export interface Recognition {
  readonly postmortem: boolean;
  /** The signals that decided, strongest first; for a file not taken, what was found but was not enough (may be empty). */
  readonly reasons: readonly RecognitionReason[];
}

export interface RecognitionInput {
  /** Absolute POSIX path of the file. */
  readonly path: string;
  readonly text: string;
  readonly config: ResolvedConfig;
  /**
   * The folder the folder names are counted from (the repository, workspace or lint root), so a
   * folder above it (a home folder called `incidents`) is no signal. Default: the config's folder;
   * without either, only the file's own folder counts.
   */
  readonly root?: string | undefined;
}

/** How much of a file the content signals read: postmortems state their sections well before this. */
const SCAN_LIMIT = 256 * 1024;

const FOLDERS = new Set(signals.folders.names);
const EXCLUDED_EXACT = new Set(signals.excludedNames.exact);
const STRONG_KEYS = new Set(signals.frontmatter.strongKeys);
const DECLARING_KEYS = new Set(signals.frontmatter.declaringKeys);
const DECLARING_VALUES = new Set(signals.frontmatter.declaringValues);
const KINDS = Object.entries(signals.sections.kinds) as ReadonlyArray<readonly [string, readonly string[]]>;
const DECISIVE = new Set(signals.sections.decisiveKinds);
const TITLE_PHRASES: readonly string[] = signals.sections.kinds.title;

interface Matchers {
  /** Whether any glob of the list matches. */
  readonly any: (path: string) => boolean;
  /** The globs of the list that match (for the reasons). */
  readonly which: (path: string) => string[];
}

/**
 * The compiled globs of a config's `files` or `ignores`, by that list: a memo of picomatch, gone with the config (a
 * string-keyed map of every glob list ever seen would be state that grows with each edit of a config).
 */
const compiledGlobs = new WeakMap<readonly string[], Matchers>();
function matchers(globs: readonly string[]): Matchers {
  let m = compiledGlobs.get(globs);
  if (!m) {
    const any = picomatch(globs as string[], { dot: true });
    const each = globs.map((g) => [g, picomatch(g, { dot: true })] as const);
    m = { any, which: (path) => each.filter(([, test]) => test(path)).map(([g]) => g) };
    compiledGlobs.set(globs, m);
  }
  return m;
}

/** The path relative to the config's folder, or `undefined` when there is no config file or the file is outside it. */
function configRelative(path: string, config: ResolvedConfig): string | undefined {
  if (!config.path) return undefined;
  const rel = relative(dirname(config.path), path);
  return rel.startsWith('../') || rel === '..' ? undefined : rel;
}

/**
 * Decide whether `input` is a postmortem. In order:
 * 1. `ignores` of the config: never.
 * 2. A name ending in `.postmortem.md`, a `files` glob of the config, `kind: postmortem`: yes.
 * 3. Indexes, templates and project files (`README.md`, `template.md`, files under `templates/`): no.
 * 4. Postmortem frontmatter (an incident key, or `type`/`tags` naming a postmortem), a folder named
 *    like `postmortems`, or headings of at least two postmortem section kinds, one of them a cause,
 *    lessons or a title naming a postmortem: yes.
 */
export function recognisePostmortem(input: RecognitionInput): Recognition {
  const { path, config } = input;
  const rel = configRelative(path, config);
  if (rel !== undefined && config.ignores.length > 0 && matchers(config.ignores).any(rel)) {
    return {
      postmortem: false,
      reasons: [{ signal: 'ignored', values: matchers(config.ignores).which(rel) }],
    };
  }
  const name = basename(path);
  if (/\.postmortem\.md$/i.test(name)) return yes({ signal: 'name', values: [name] });
  const explicitFiles = config.raw.files !== undefined && rel !== undefined;
  if (explicitFiles && matchers(config.files).any(rel))
    return yes({ signal: 'files', values: matchers(config.files).which(rel) });
  const text = input.text.length > SCAN_LIMIT ? input.text.slice(0, SCAN_LIMIT) : input.text;
  const front = frontmatterBlock(text);
  const keys = front === undefined ? [] : topLevelEntries(front.body);
  if (keys.some((e) => e.key === 'kind' && e.values.some((v) => v === 'postmortem')))
    return yes({ signal: 'kind', values: ['kind: postmortem'] });

  const root = input.root ?? (config.path ? dirname(config.path) : undefined);
  const stem = name.replace(/\.[^.]*$/, '').toLowerCase();
  if (EXCLUDED_EXACT.has(stem) || signals.excludedNames.containing.some((c) => stem.includes(c))) {
    return { postmortem: false, reasons: [{ signal: 'excluded-name', values: [name] }] };
  }
  const templateFolder = foldersBelow(path, root).find((s) =>
    signals.excludedNames.folderContaining.some((c) => s.toLowerCase().includes(c)),
  );
  if (templateFolder !== undefined)
    return { postmortem: false, reasons: [{ signal: 'excluded-name', values: [`${templateFolder}/`] }] };

  const reasons: RecognitionReason[] = [];
  const strong = keys.filter((e) => STRONG_KEYS.has(e.key)).map((e) => e.key);
  const declaring = keys
    .filter((e) => DECLARING_KEYS.has(e.key) && e.values.some((v) => DECLARING_VALUES.has(v)))
    .map((e) => `${e.key}: ${e.values.find((v) => DECLARING_VALUES.has(v))!}`);
  if (strong.length > 0 || declaring.length > 0)
    reasons.push({ signal: 'frontmatter', values: [...declaring, ...strong] });

  const folder = foldersBelow(path, root).find((s) => FOLDERS.has(s.toLowerCase().replace(/[-_ .]/g, '')));
  if (folder !== undefined) reasons.push({ signal: 'folder', values: [folder] });

  const headings = postmortemHeadings(text, front?.end ?? 0);
  const title = keys.find((e) => e.key === 'title')?.written[0];
  if (title !== undefined && TITLE_PHRASES.some((p) => containsPhrase(normaliseTitle(title), p)))
    headings.unshift({ title: `title: ${title}`, kind: 'title' });
  const kinds = new Set(headings.map((h) => h.kind));
  const sectionsDecide =
    kinds.size >= signals.sections.minimumKinds && [...kinds].some((k) => DECISIVE.has(k));
  if (headings.length > 0) reasons.push({ signal: 'sections', values: headings.map((h) => h.title) });
  const taken = reasons.some((r) => r.signal !== 'sections') || sectionsDecide;
  return { postmortem: taken, reasons };
}

function yes(reason: RecognitionReason): Recognition {
  return { postmortem: true, reasons: [reason] };
}

/** The folders between `root` and the file, as written (only the file's own folder when it is not under `root`). */
function foldersBelow(path: string, root: string | undefined): string[] {
  const folder = dirname(path);
  if (root === undefined) return [basename(folder)];
  const rel = relative(root, folder);
  return rel === '.' ? [] : rel.startsWith('..') ? [basename(folder)] : rel.split('/');
}

/** The leading `---` (YAML) or `+++` (TOML) block: its body and the offset after its closing fence. */
function frontmatterBlock(text: string): { body: string; end: number } | undefined {
  const head = text.slice(0, 65536);
  const m =
    /^(?:\uFEFF)?---[ \t]*\r?\n([\s\S]*?)\r?\n?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(head) ??
    /^(?:\uFEFF)?\+\+\+[ \t]*\r?\n([\s\S]*?)\r?\n?\+\+\+[ \t]*(?:\r?\n|$)/.exec(head);
  return m ? { body: m[1] ?? '', end: m[0].length } : undefined;
}

/** Top-level keys of a YAML block with their scalar or list values (lower-case, unquoted); a sniff, not a parse. */
function topLevelEntries(body: string): Array<{ key: string; values: string[]; written: string[] }> {
  const out: Array<{ key: string; values: string[]; written: string[] }> = [];
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^["']?([A-Za-z_$][\w$-]*)["']?[ \t]*[:=](?:[ \t]+(.*?))?[ \t]*$/.exec(lines[i]!);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const raw = (m[2] ?? '').replace(/[ \t]+#.*$/, '');
    const values: string[] = [];
    if (raw.startsWith('[')) values.push(...raw.replace(/^\[|\]$/g, '').split(','));
    else if (raw !== '') values.push(raw);
    else
      for (let j = i + 1; j < lines.length && /^[ \t]+-[ \t]/.test(lines[j]!); j++)
        values.push(lines[j]!.replace(/^[ \t]+-[ \t]+/, ''));
    const written = values
      .map((v) =>
        v
          .trim()
          .replace(/^["']|["']$/g, '')
          .trim(),
      )
      .filter(Boolean);
    out.push({ key, values: written.map((v) => v.toLowerCase()), written });
  }
  return out;
}

/** Whether the normalised heading is `phrase` or starts with it followed by a non-word character. */
function startsWithPhrase(title: string, phrase: string): boolean {
  return title === phrase || (title.startsWith(phrase) && /^[^\p{L}\p{N}]/u.test(title.slice(phrase.length)));
}

/** Whether `phrase` occurs in the title as words (not inside `ai-postmortem`). */
function containsPhrase(title: string, phrase: string): boolean {
  let at = title.indexOf(phrase);
  while (at >= 0) {
    const before = title.slice(0, at);
    const after = title.slice(at + phrase.length);
    if ((before === '' || / $/.test(before)) && (after === '' || /^[^\p{L}\p{N}-]/u.test(after))) return true;
    at = title.indexOf(phrase, at + 1);
  }
  return false;
}

/**
 * The headings of a postmortem section kind: ATX and setext headings outside fenced code, and lines
 * that are wholly bold (`**Root cause**`), as exported documents write their headings.
 */
function postmortemHeadings(text: string, from: number): Array<{ title: string; kind: string }> {
  const out: Array<{ title: string; kind: string }> = [];
  const lines = text.slice(from).split(/\r?\n/);
  let fence: string | undefined;
  let first = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (fence === undefined) fence = f[1]![0]!;
      else if (f[1]![0] === fence) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    let title: string | undefined;
    const atx = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (atx) title = atx[1];
    else if (
      /\S/.test(line) &&
      !/^ {0,3}[-*+>|]/.test(line) &&
      /^ {0,3}(?:=+|-+)[ \t]*$/.test(lines[i + 1] ?? '')
    )
      title = line.trim();
    else {
      const bold = /^ {0,3}(?:\*\*|__)([^*_\n]{2,80}?):?(?:\*\*|__):?[ \t]*$/.exec(line);
      if (bold) title = bold[1];
    }
    if (title === undefined || title.trim() === '') continue;
    const normal = normaliseTitle(title);
    // "Events/Timeline", "Impact & Root Cause": each part is read.
    const parts = normal.split(/ ?[/&] ?| and /).filter(Boolean);
    let kind: string | undefined;
    for (const [k, phrases] of KINDS) {
      if (k === 'title') {
        if (first && phrases.some((p) => containsPhrase(normal, p))) kind = k;
      } else if (phrases.some((p) => parts.some((part) => startsWithPhrase(part, p)))) kind = k;
      if (kind) break;
    }
    first = false;
    if (kind) out.push({ title: title.trim(), kind });
  }
  return out;
}

/** The decision as sentences (for `explain` and the editor's Explain command). */
export function describeRecognition(recognition: Recognition, configName = 'the config'): string {
  const said = recognition.reasons.map((r) => {
    const list = r.values.map((v) => `\`${v}\``).join(', ');
    switch (r.signal) {
      case 'ignored':
        return `it matches \`ignores\` in ${configName} (${list})`;
      case 'name':
        return 'its name ends in `.postmortem.md`';
      case 'files':
        return `it matches \`files\` in ${configName} (${list})`;
      case 'kind':
        return 'its frontmatter says `kind: postmortem`';
      case 'frontmatter':
        return `its frontmatter has postmortem keys (${list})`;
      case 'folder':
        return `it is in a postmortem folder (${list})`;
      case 'sections':
        return `its headings name postmortem sections (${list})`;
      case 'excluded-name':
        return r.values.some((v) => v.endsWith('/'))
          ? `it is in a templates folder (${list}), which folder and content signals never take`
          : `${list} is an index, template or project file, which folder and content signals never take`;
    }
  });
  if (recognition.postmortem) return `yes: ${said.join('; ')}`;
  if (said.length === 0)
    return 'no: no postmortem signal (name, `files`, frontmatter, folder or section headings)';
  const lacking =
    recognition.reasons.length === 1 && recognition.reasons[0]!.signal === 'sections'
      ? ' (not enough: at least two kinds of postmortem section, one a cause, lessons or a postmortem title)'
      : '';
  return `no: ${said.join('; ')}${lacking}`;
}

/** One paragraph on how files are recognised, for messages that say why nothing was taken. */
export function recognitionSummary(): string {
  const folders = signals.folders.shown;
  return (
    'A file is taken as a postmortem when its name ends in `.postmortem.md`, it matches `files` in `.postmortem.json`, ' +
    'its frontmatter says `kind: postmortem` or has incident keys (`detected_at`, `incident_commander`, …), ' +
    `it is in a folder named like ${folders.map((f) => `\`${f}\``).join(', ')}, ` +
    'or its headings name at least two kinds of postmortem section, one of them a root cause, lessons or a postmortem title ' +
    '(docs/recognition.md).'
  );
}
