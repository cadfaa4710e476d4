/**
 * The extension's data files and pure helpers, without VS Code: the snippets (the full template is
 * generated from `newPostmortem()` and lints without schema errors), the grammar's key list, the
 * problem matcher, schema navigation and the frontmatter cursor context. `UPDATE=1` regenerates the
 * full-template snippet.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { STYLISH_LINE, lint, newPostmortem } from '../src/core/index.js';
import {
  enumAt,
  enumDescriptionAt,
  propertiesAt,
  schemasAt,
  descriptionOf,
} from '../src/extension/schema-nav.js';
import { cursorContext, valueAt } from '../src/extension/yaml-path.js';
import { parseDocument } from 'yaml';

const SNIPPETS = 'snippets/postmortem.code-snippets';
const FULL = 'New AI postmortem';
const schema = JSON.parse(readFileSync('schemas/postmortem.schema.json', 'utf8')) as Record<string, unknown>;
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: Record<string, unknown> };

/** The snippet body for the full template: the template with placeholders for title, date and id slug. */
function templateSnippet(): string[] {
  const text = newPostmortem({ title: 'XXTITLEXX', date: 'XXDATEXX', id: 'PM-XXDATEXX-XXSLUGXX' });
  return text
    .replace(/[\\$}]/g, (c) => `\\${c}`)
    .replace(/XXTITLEXX/g, '${1:Incident title}')
    .replace(/XXSLUGXX/g, '${2:incident}')
    .replace(/XXDATEXX/g, '${CURRENT_YEAR}-${CURRENT_MONTH}-${CURRENT_DATE}')
    .split('\n');
}

/**
 * Expand a snippet body with its defaults, the way VS Code's snippet engine does for the subset
 * the snippets use: `${n:default}`, `${n|a,b|}` (first choice), `$n`, `${VAR}`/`$VAR`, `\` escapes.
 */
function expand(body: readonly string[], variables: Record<string, string>): string {
  const source = body.join('\n');
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\' && i + 1 < source.length && '\\$}'.includes(source[i + 1]!)) {
      out += source[++i];
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    const rest = source.slice(i);
    let m = /^\$\{(\d+):/.exec(rest);
    if (m) {
      // Default text up to the matching unescaped `}`, expanded recursively.
      let depth = 1;
      let j = m[0].length;
      for (; j < rest.length && depth > 0; j++) {
        if (rest[j] === '\\') j++;
        else if (rest[j] === '{' && rest[j - 1] === '$') depth++;
        else if (rest[j] === '}') depth--;
      }
      out += expand([rest.slice(m[0].length, j - 1)], variables);
      i += j - 1;
      continue;
    }
    m = /^\$\{\d+\|([^|]*)\|\}/.exec(rest);
    if (m) {
      out += (m[1] ?? '').split(',')[0];
      i += m[0].length - 1;
      continue;
    }
    m = /^\$\{([A-Z_]+)\}|^\$([A-Z_]+)/.exec(rest);
    if (m) {
      const name = (m[1] ?? m[2])!;
      assert.ok(name in variables, `unknown snippet variable ${name}`);
      out += variables[name];
      i += m[0].length - 1;
      continue;
    }
    m = /^\$\d+/.exec(rest);
    if (m) {
      i += m[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

const VARIABLES = {
  CURRENT_YEAR: '2026',
  CURRENT_MONTH: '03',
  CURRENT_DATE: '14',
  CURRENT_HOUR: '09',
  CURRENT_MINUTE: '05',
};

describe('snippets', () => {
  const snippets = JSON.parse(readFileSync(SNIPPETS, 'utf8')) as Record<
    string,
    { prefix: string | string[]; body: string[]; description: string }
  >;

  it('keeps the full-template snippet generated from the `postmortem new` template', () => {
    const expected = templateSnippet();
    if (process.env['UPDATE'] === '1') {
      snippets[FULL] = { ...snippets[FULL]!, body: expected };
      writeFileSync(SNIPPETS, `${JSON.stringify(snippets, null, 2)}\n`);
    }
    assert.deepEqual(snippets[FULL]?.body, expected, `stale: run UPDATE=1 node test/run.mjs extension`);
  });

  it('expands the full template with its defaults to exactly the template for that date', () => {
    const text = expand(snippets[FULL]!.body, VARIABLES);
    assert.equal(
      text,
      newPostmortem({ title: 'Incident title', date: '2026-03-14', id: 'PM-2026-03-14-incident' }),
    );
  });

  it('expands the full template to a document with no schema, YAML or frontmatter errors', () => {
    const text = expand(snippets[FULL]!.body, VARIABLES);
    const findings = lint(text).findings.filter((f) => f.ruleId.startsWith('frontmatter-'));
    assert.deepEqual(
      findings.map((f) => `${f.ruleId}: ${f.message}`),
      [],
    );
  });

  it('expands every frontmatter snippet into YAML that the schema accepts under its key', () => {
    const wrap: Record<string, (body: string) => string> = {
      'Agent decision': (b) => `agent_decisions:\n${b.replace(/^/gm, '  ')}`,
      'Behavior rate': (b) => b,
      'Dependency chain': (b) => b,
      'Judge that did not fire': (b) => `judge:\n${b.replace(/^/gm, '  ')}`,
      'Failure-class chain': (b) => b,
    };
    for (const [name, toYaml] of Object.entries(wrap)) {
      const yaml = toYaml(expand(snippets[name]!.body, VARIABLES).trimEnd());
      const text = `---\nkind: postmortem\nid: PM-1\ntitle: Outage\ndate: 2026-03-14\nseverity: SEV2\nstatus: draft\n${yaml}\n---\n\n# Outage\n`;
      const schemaFindings = lint(text).findings.filter((f) => f.ruleId.startsWith('frontmatter-'));
      assert.deepEqual(
        schemaFindings.map((f) => `${name}: ${f.ruleId}: ${f.message}`),
        [],
      );
    }
  });

  it('offers every AI section the issue names, each with a prefix and a description', () => {
    assert.deepEqual(
      Object.keys(snippets).sort(),
      [
        FULL,
        'Agent decision',
        'Behavior rate',
        'Dependency chain',
        'Failure-class chain',
        'Judge that did not fire',
        'Six variables table',
      ].sort(),
    );
    for (const s of Object.values(snippets)) {
      assert.ok(s.description.length > 20);
      assert.ok([s.prefix].flat().every((p) => p.startsWith('pm-') || p === 'postmortem'));
    }
  });
});

describe('manifest data', () => {
  it('turns quick suggestions on in Postmortem mode, where frontmatter completion needs them, without word suggestions in prose', () => {
    const defaults = manifest.contributes['configurationDefaults'] as Record<string, Record<string, unknown>>;
    assert.deepEqual(defaults['[postmortem]'], {
      'editor.quickSuggestions': { other: 'on', comments: 'off', strings: 'on' },
      'editor.wordBasedSuggestions': 'off',
    });
  });

  it('highlights exactly the bundled schema`s top-level keys in the frontmatter', () => {
    const grammar = JSON.parse(readFileSync('syntaxes/postmortem.tmLanguage.json', 'utf8')) as {
      repository: { 'frontmatter-key': { match: string } };
    };
    const m = /^\^\((.*)\)\(\?=/.exec(grammar.repository['frontmatter-key'].match);
    const keys = (m?.[1] ?? '').split('|').map((k) => k.replace(/^\\\$/, '$'));
    assert.deepEqual(keys.sort(), Object.keys(schema['properties'] as object).sort());
  });

  it('matches the CLI`s stylish line with the problem matcher, group for group', () => {
    const matchers = manifest.contributes['problemMatchers'] as Array<{
      name: string;
      pattern: {
        regexp: string;
        file: number;
        line: number;
        column: number;
        endLine: number;
        endColumn: number;
        severity: number;
        message: number;
        code: number;
      };
    }>;
    const matcher = matchers.find((p) => p.name === 'postmortem');
    assert.ok(matcher);
    assert.equal(matcher.pattern.regexp, STYLISH_LINE.source);
    const line =
      'postmortems/a.postmortem.md:7:11-7:16 error `severity` must be one of `SEV1`, `SEV2`; got `sev9`  frontmatter-schema';
    const m = new RegExp(matcher.pattern.regexp).exec(line);
    assert.ok(m);
    const p = matcher.pattern;
    assert.deepEqual(
      [m[p.file], m[p.line], m[p.column], m[p.endLine], m[p.endColumn], m[p.severity], m[p.code]],
      ['postmortems/a.postmortem.md', '7', '11', '7', '16', 'error', 'frontmatter-schema'],
    );
    assert.equal(m[p.message], '`severity` must be one of `SEV1`, `SEV2`; got `sev9`');
  });
});

describe('schema navigation', () => {
  it('lists the keys of a nested mapping through `items` and `$ref`', () => {
    const names = propertiesAt(schema, ['dependency_chain', 0]).map((p) => p.name);
    assert.deepEqual(names.slice(0, 3), ['tier', 'party', 'role']);
  });

  it('offers enum values for a key, and true/false for a boolean', () => {
    assert.deepEqual(enumAt(schema, ['severity']), ['SEV1', 'SEV2', 'SEV3', 'SEV4']);
    assert.deepEqual(enumAt(schema, ['dependency_chain', 3, 'visibility']), [
      'full',
      'partial',
      'status-page-only',
      'none',
      'unknown',
    ]);
    assert.deepEqual(enumAt(schema, ['ai_involved']), [true, false]);
  });

  it('describes an allowed value from the schema`s enumDescriptions, and nothing for a value not allowed', () => {
    assert.equal(enumDescriptionAt(schema, ['status'], 'closed'), 'Every action item is done.');
    assert.equal(
      enumDescriptionAt(schema, ['agent_decisions', 0, 'gate'], 'human-approval'),
      'A person approved the action first.',
    );
    assert.equal(enumDescriptionAt(schema, ['status'], 'Closed'), undefined);
    assert.equal(enumDescriptionAt(schema, ['title'], 'closed'), undefined);
  });

  it('gives every value of the top-level enums a description, one per value', () => {
    for (const key of ['kind', 'severity', 'status']) {
      const values = enumAt(schema, [key]);
      assert.ok(
        values.every((v) => (enumDescriptionAt(schema, [key], v) ?? '').length > 5),
        key,
      );
    }
  });

  it('finds the description of a nested key and nothing for an unknown one', () => {
    assert.match(descriptionOf(schemasAt(schema, ['behavior_rate', 'replays'])) ?? '', /replayed/);
    assert.deepEqual(schemasAt(schema, ['no_such_key']), []);
  });
});

describe('frontmatter value under the cursor', () => {
  const yaml = 'status: draft\nservices:\n  - api\nimpact:\n  users_affected: 3\n';
  const doc = parseDocument(yaml);

  it('finds a mapping value, a sequence item and a nested value with their paths and ranges', () => {
    assert.deepEqual(valueAt(doc, yaml.indexOf('draft') + 2), {
      path: ['status'],
      start: 8,
      end: 13,
      value: 'draft',
    });
    assert.deepEqual(valueAt(doc, yaml.indexOf('api')), {
      path: ['services', 0],
      start: yaml.indexOf('api'),
      end: yaml.indexOf('api') + 3,
      value: 'api',
    });
    assert.deepEqual(valueAt(doc, yaml.indexOf('3'))?.path, ['impact', 'users_affected']);
  });

  it('finds nothing on a key', () => {
    assert.equal(valueAt(doc, 2), undefined);
  });
});

describe('frontmatter cursor context', () => {
  const at = (yamlBefore: string) => {
    const lines = yamlBefore.split('\n');
    return cursorContext(lines, lines.length - 1, lines[lines.length - 1]!);
  };

  it('completes root keys at column 0 and values after `key: `', () => {
    assert.deepEqual(at('kind: postmortem\nsev'), { kind: 'key', path: [], prefix: 'sev' });
    assert.deepEqual(at('kind: postmortem\nseverity: S'), { kind: 'value', path: ['severity'], prefix: 'S' });
  });

  it('completes keys of a nested mapping by indentation', () => {
    assert.deepEqual(at('behavior_rate:\n  replays: 5\n  '), {
      kind: 'key',
      path: ['behavior_rate'],
      prefix: '',
    });
    assert.deepEqual(at('behavior_rate:\n  interval:\n    low: 0.1\n    me'), {
      kind: 'key',
      path: ['behavior_rate', 'interval'],
      prefix: 'me',
    });
  });

  it('completes keys and values inside sequence items, indented or compact', () => {
    assert.deepEqual(at('dependency_chain:\n  - tier: 1\n    '), {
      kind: 'key',
      path: ['dependency_chain', 0],
      prefix: '',
    });
    assert.deepEqual(at('dependency_chain:\n  - tier: 1\n  - '), {
      kind: 'key',
      path: ['dependency_chain', 0],
      prefix: '',
    });
    assert.deepEqual(at('dependency_chain:\n- party: x\n  visibility: n'), {
      kind: 'value',
      path: ['dependency_chain', 0, 'visibility'],
      prefix: 'n',
    });
    assert.deepEqual(at('title: x\ndependency_chain:\n  - party: a\n    tier: 2\nseverity: '), {
      kind: 'value',
      path: ['severity'],
      prefix: '',
    });
  });
});
