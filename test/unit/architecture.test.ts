/** Invariant 1, checked without ESLint too: the core (and src/shared) import no Node built-in, no vscode and no shell. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('architecture', () => {
  it('keeps src/core free of vscode, node: and shell imports', () => {
    const offenders: string[] = [];
    for (const file of files('src/core')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        if (spec === 'vscode' || spec.startsWith('node:') || /^(fs|path|os|child_process|http|https|net|crypto|worker_threads)$/.test(spec) || /\/(cli|extension)\//.test(spec)) offenders.push(`${file}: ${spec}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('keeps src/shared (run by the CLI and both extension hosts) free of vscode, node: and shell imports and of Node globals', () => {
    const offenders: string[] = [];
    for (const file of files('src/shared')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)) {
        const spec = m[1]!;
        if (spec === 'vscode' || spec.startsWith('node:') || /^(fs|path|os|child_process|http|https|net|crypto|worker_threads)$/.test(spec) || /\/(cli|extension)\//.test(spec)) offenders.push(`${file}: ${spec}`);
      }
      if (!file.endsWith('.d.ts') && /\b(?:Buffer|process)\./.test(text)) offenders.push(`${file}: a Node global`);
    }
    assert.deepEqual(offenders, []);
  });
});
