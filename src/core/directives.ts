/**
 * Suppression comments, as ESLint and markdownlint users expect them:
 * `<!-- postmortem-disable-next-line rule-a rule-b -- why -->`, `-disable-line`,
 * `-disable` / `-enable` blocks and `-disable-file`. No rule list means every rule.
 */
import type { HtmlComment } from './document/parse.js';
import type { LineIndex } from './document/line-index.js';
import type { TextRange } from './types.js';

export type DirectiveKind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable' | 'disable-file';

export interface Directive {
  readonly kind: DirectiveKind;
  /** Empty means all rules. */
  readonly rules: readonly string[];
  readonly range: TextRange;
  readonly reason: string | undefined;
}

const DIRECTIVE =
  /^postmortem-(disable-next-line|disable-line|disable-file|disable|enable)(?:\s+([\s\S]*))?$/;

export function parseDirectives(comments: readonly HtmlComment[]): Directive[] {
  const out: Directive[] = [];
  for (const comment of comments) {
    const m = DIRECTIVE.exec(comment.body);
    if (!m) continue;
    const [list = '', reason] = (m[2] ?? '').split(/\s--\s|^--\s|\s--$/, 2);
    out.push({
      kind: m[1] as DirectiveKind,
      rules: list.split(/[\s,]+/).filter(Boolean),
      range: comment.range,
      reason: reason?.trim() || undefined,
    });
  }
  return out;
}

/** What one directive covers, as plain data: a worker hands these to the main thread (`snapshot`, `fromSnapshot`). */
export interface SuppressionSpan {
  readonly directive: Directive;
  /** Offsets covered, `[start, end)`. */
  readonly start: number;
  readonly end: number;
  used: boolean;
}

type Span = SuppressionSpan;

/** Decides which findings are suppressed, and remembers which directives did something. */
export class Suppressions {
  readonly #spans: Span[] = [];

  /**
   * The spans as plain data, with whether each has suppressed something so far: findings added later (the cross-file
   * `recurrence`) can then be suppressed, and the unused directives told, exactly as in one pass.
   */
  snapshot(): SuppressionSpan[] {
    return this.#spans.map((span) => ({ ...span }));
  }

  static fromSnapshot(spans: readonly SuppressionSpan[]): Suppressions {
    const out = new Suppressions([], undefined, 0);
    for (const span of spans) out.#spans.push({ ...span });
    return out;
  }

  constructor(directives: readonly Directive[], lines: LineIndex | undefined, length: number) {
    const open = new Map<string, Directive>();
    if (!lines) return;
    for (const directive of directives) {
      const line = lines.position(directive.range.start).line;
      const endLine = lines.position(directive.range.end).line;
      switch (directive.kind) {
        case 'disable-file':
          this.#spans.push({ directive, start: 0, end: length + 1, used: false });
          break;
        case 'disable-line':
          this.#spans.push({
            directive,
            start: lines.lineStart(line),
            end:
              lines.lineStart(endLine + 1) === lines.lineStart(endLine)
                ? length + 1
                : lines.lineStart(endLine + 1),
            used: false,
          });
          break;
        case 'disable-next-line': {
          const next = endLine + 1;
          if (next > lines.lineCount) break;
          const after = next + 1 > lines.lineCount ? length + 1 : lines.lineStart(next + 1);
          this.#spans.push({ directive, start: lines.lineStart(next), end: after, used: false });
          break;
        }
        case 'disable':
          for (const rule of directive.rules.length ? directive.rules : ['*'])
            if (!open.has(rule)) open.set(rule, directive);
          break;
        case 'enable': {
          const keys = directive.rules.length ? directive.rules : [...open.keys()];
          for (const rule of keys) {
            const start = open.get(rule);
            if (!start) continue;
            open.delete(rule);
            this.#spans.push({
              directive: rule === '*' ? start : { ...start, rules: [rule] },
              start: start.range.end,
              end: directive.range.start,
              used: false,
            });
          }
          break;
        }
      }
    }
    for (const [rule, start] of open) {
      this.#spans.push({
        directive: rule === '*' ? start : { ...start, rules: [rule] },
        start: start.range.end,
        end: length + 1,
        used: false,
      });
    }
  }

  /** Whether a finding of `ruleId` starting at `offset` is suppressed; marks the directive used. */
  suppresses(ruleId: string, offset: number): boolean {
    let hit = false;
    for (const span of this.#spans) {
      if (offset < span.start || offset >= span.end) continue;
      if (span.directive.rules.length > 0 && !span.directive.rules.includes(ruleId)) continue;
      span.used = true;
      hit = true;
    }
    return hit;
  }

  /** Directives (and rule names in them) that suppressed nothing. */
  unused(): { range: TextRange; message: string }[] {
    const out: { range: TextRange; message: string }[] = [];
    const seen = new Set<Directive>();
    for (const span of this.#spans) {
      if (span.used || seen.has(span.directive)) continue;
      seen.add(span.directive);
      const what = span.directive.rules.length
        ? `no ${span.directive.rules.map((r) => `\`${r}\``).join(', ')} finding`
        : 'nothing';
      out.push({
        range: span.directive.range,
        message: `Unused \`postmortem-${span.directive.kind}\` directive: ${what} to suppress here`,
      });
    }
    return out;
  }
}
