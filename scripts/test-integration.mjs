// `npm run test:integration`: provisions the VS Code host (idempotent, pinned), builds the extension,
// its .vsix and the in-editor suite, runs the suite in code-server's Node and web-worker extension
// hosts, the Restricted Mode suite with Workspace Trust on (Node host), then the UI check of the
// packaged .vsix. The trace file the trace-import suite reads is third-party: it is copied from the shared folder
// (scripts/shared-folder.ts) into each temporary workspace; without that folder the suite is skipped and listed.
// Ends with one line `N passed, N failed[, N skipped]`.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { PHOENIX, startPhoenixBackend, startTraceBackend } from '../test/integration/trace-backend.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const only = process.argv.slice(2); // optional: node | web | trust | progress | ui

const env = Object.fromEntries(
  execFileSync('bash', [path.join(root, 'scripts/vscode-host.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
    .trim()
    .split('\n')
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);
const tmp = path.join(env.TOOLS, 'tmp');
const childEnv = {
  ...process.env,
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  CHROMIUM: env.CHROMIUM,
  TMPDIR: tmp,
  XDG_CONFIG_HOME: path.join(env.TOOLS, 'xdg'),
  XDG_DATA_HOME: path.join(env.TOOLS, 'xdg'),
};

execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, [path.join(root, 'scripts/package-vsix.mjs')], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});

// The suite, bundled per host; `virtual:suites` requires every *.test.ts lazily, after mocha's globals exist.
// test/integration/suite/ runs in both hosts; test/integration/restricted/ in the Restricted Mode pass;
// test/integration/progress/ on a workspace of generated postmortems (Node host).
const suiteDir = path.join(root, 'test/integration/suite');
const suites = (dir) => ({
  name: 'suites',
  setup(b) {
    b.onResolve({ filter: /^virtual:suites$/ }, () => ({ path: 'suites', namespace: 'suites' }));
    b.onLoad({ filter: /.*/, namespace: 'suites' }, () => ({
      contents: `export function loadSuites() {\n${readdirSync(dir)
        .filter((f) => f.endsWith('.test.ts'))
        .sort()
        .map((f) => `  require(${JSON.stringify(`./${f}`)});`)
        .join('\n')}\n}\n`,
      resolveDir: dir,
      loader: 'ts',
    }));
  },
});
const common = {
  entryPoints: [path.join(suiteDir, 'index.ts')],
  bundle: true,
  format: 'cjs',
  logLevel: 'warning',
  plugins: [suites(suiteDir)],
  external: ['vscode'],
};
await build({
  ...common,
  platform: 'node',
  target: 'node20',
  outfile: path.join(root, 'out/integration/node/index.cjs'),
  external: ['vscode', 'mocha'],
  define: { WEB: 'false' },
});
await build({
  ...common,
  plugins: [suites(path.join(root, 'test/integration/restricted'))],
  platform: 'node',
  target: 'node20',
  outfile: path.join(root, 'out/integration/restricted/index.cjs'),
  external: ['vscode', 'mocha'],
  define: { WEB: 'false' },
});
await build({
  ...common,
  plugins: [suites(path.join(root, 'test/integration/progress'))],
  platform: 'node',
  target: 'node20',
  outfile: path.join(root, 'out/integration/progress/index.cjs'),
  external: ['vscode', 'mocha'],
  define: { WEB: 'false' },
});
await build({
  ...common,
  platform: 'browser',
  target: 'es2022',
  outfile: path.join(root, 'out/integration/web/index.cjs'),
  define: { WEB: 'true', global: 'globalThis' },
  inject: [path.join(root, 'test/integration/web-shims.js')],
});

// The shared third-party folder, located by the one helper the unit tests use (bundled, so no tsc run is needed here).
await build({
  entryPoints: [path.join(root, 'scripts/shared-folder.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  outfile: path.join(root, 'out/integration/shared-folder.mjs'),
});
const { needsShared, sharedPath } = await import(
  pathToFileURL(path.join(root, 'out/integration/shared-folder.mjs')).href
);
const SHARED_TRACE = 'corpus/traces/langfuse-trace-export__microsoft-agent-2025-12-17.json';
const traceSkip = needsShared(SHARED_TRACE);

/** A fresh copy of a fixture workspace, with the shared trace file (when there) and the CLI's JSON report (for the parity test). */
function workspace(label, fixture = 'workspace') {
  // Outside the repository: the CLI honours the .gitignore above it, which ignores .vscode-host/.
  const ws = mkdtempSync(path.join(os.tmpdir(), `ai-postmortem-ws-${label}-`));
  cpSync(path.join(root, 'test/integration/fixtures', fixture), ws, { recursive: true });
  if (fixture === 'workspace' && !traceSkip) {
    mkdirSync(path.join(ws, 'traces'), { recursive: true });
    copyFileSync(sharedPath(SHARED_TRACE), path.join(ws, 'traces', path.basename(SHARED_TRACE)));
  }
  let json;
  try {
    json = execFileSync(
      process.execPath,
      [path.join(root, 'bin/postmortem.js'), 'lint', '--format', 'json', '.'],
      { cwd: ws, encoding: 'utf8' },
    );
  } catch (error) {
    json = error.stdout; // exit 1: the fixtures have errors on purpose
  }
  writeFileSync(path.join(ws, 'cli-lint.json'), json);
  return ws;
}

function runNode24(script, args, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(env.NODE24, [script, ...args], {
      cwd: root,
      env: { ...childEnv, ...extraEnv },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
      process.stdout.write(c);
    });
    child.on('exit', (code) => {
      const m = /(?:HOST|UI)_RESULT (\{.*\})/.exec(out);
      const result = m ? JSON.parse(m[1]) : { passed: 0, failed: 1 };
      if (code !== 0 && result.failed === 0) result.failed = 1;
      resolve(result);
    });
  });
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const skips = [];
const add = (r, label) => {
  totals.passed += r.passed;
  totals.failed += r.failed;
  totals.skipped += r.skipped ?? 0;
  // Only the Trace import suite skips itself, when the runner could not give it the shared trace.
  for (const name of r.skippedTests ?? [])
    skips.push(`- ${name} (${label} host): ${traceSkip || 'skipped by its suite'}`);
};
// A Langfuse API on 127.0.0.1 for the trace import test, serving the shared trace; its URL is a user setting, as for a user.
const traceBackend = traceSkip ? undefined : await startTraceBackend(sharedPath(SHARED_TRACE));
// A Phoenix API too, serving spans written in test/integration/trace-backend.mjs; its endpoint and project are user settings.
const phoenixBackend = traceSkip ? undefined : await startPhoenixBackend();
const backendSettings =
  traceBackend && phoenixBackend
    ? {
        'ai-postmortem.traceBackends.langfuse.endpoint': traceBackend.url,
        'ai-postmortem.traceBackends.phoenix.endpoint': phoenixBackend.url,
        'ai-postmortem.traceBackends.phoenix.project': PHOENIX.project,
      }
    : {};
const hosts = [
  ['node', 'out/integration/node/index.cjs', { EXTRA_SETTINGS: JSON.stringify(backendSettings) }],
  [
    'web',
    'out/integration/web/index.cjs',
    {
      EXTRA_SETTINGS: JSON.stringify({
        ...backendSettings,
        'remote.extensionKind': { 'ai-postmortem.ai-postmortem': ['web'] },
      }),
    },
  ],
];
for (const [label, tests, extra] of hosts) {
  if (only.length && !only.includes(label)) continue;
  const ws = workspace(label);
  console.log(`\n# Extension-host tests: ${label} host`);
  const r = await runNode24(
    path.join(root, 'test/integration/run-host.mjs'),
    [
      '--extensionDevelopmentPath',
      root,
      '--extensionTestsPath',
      path.join(root, tests),
      '--folder',
      ws,
      '--codeServer',
      env.CODE_SERVER,
      '--tmp',
      tmp,
      '--label',
      label,
    ],
    extra,
  );
  if (r.failed === 0) rmSync(ws, { recursive: true, force: true });
  add(r, label);
}
// Restricted Mode: Workspace Trust on (no --disable-workspace-trust), the folder untrusted and no
// startup prompt; the suite asks the runner to press Trust in the Workspace Trust editor.
if (!only.length || only.includes('trust')) {
  const ws = workspace('trust', 'restricted');
  console.log('\n# Extension-host tests: Restricted Mode (Node host)');
  const trustSettings = {
    ...backendSettings,
    'security.workspace.trust.enabled': true,
    'security.workspace.trust.startupPrompt': 'never',
  };
  const r = await runNode24(
    path.join(root, 'test/integration/run-host.mjs'),
    [
      '--extensionDevelopmentPath',
      root,
      '--extensionTestsPath',
      path.join(root, 'out/integration/restricted/index.cjs'),
      '--folder',
      ws,
      '--codeServer',
      env.CODE_SERVER,
      '--tmp',
      tmp,
      '--label',
      'trust',
      '--workspace-trust',
    ],
    { EXTRA_SETTINGS: JSON.stringify(trustSettings) },
  );
  if (r.failed === 0) rmSync(ws, { recursive: true, force: true });
  add(r, 'trust');
}
// Progress: 300 generated postmortems (bench/generate.mjs, seeded), so indexing and Lint Workspace last long enough to show it.
if (!only.length || only.includes('progress')) {
  const { generateDocument } = await import(pathToFileURL(path.join(root, 'bench/generate.mjs')).href);
  const ws = mkdtempSync(path.join(os.tmpdir(), 'ai-postmortem-ws-progress-'));
  for (let i = 0; i < 300; i++) {
    const file = path.join(ws, `team-${i % 7}`, `${String(i).padStart(4, '0')}-incident.postmortem.md`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, generateDocument(7, i, 2500, false));
  }
  console.log('\n# Extension-host tests: progress on 300 generated postmortems (Node host)');
  const r = await runNode24(
    path.join(root, 'test/integration/run-host.mjs'),
    [
      '--extensionDevelopmentPath',
      root,
      '--extensionTestsPath',
      path.join(root, 'out/integration/progress/index.cjs'),
      '--folder',
      ws,
      '--codeServer',
      env.CODE_SERVER,
      '--tmp',
      tmp,
      '--label',
      'progress',
    ],
    { EXTRA_SETTINGS: '{}' },
  );
  if (r.failed === 0) rmSync(ws, { recursive: true, force: true });
  add(r, 'progress');
}
traceBackend?.close();
phoenixBackend?.close();
if (!only.length || only.includes('ui')) {
  const ws = workspace('ui');
  const shots = path.join(root, 'out/integration/screenshots');
  mkdirSync(shots, { recursive: true });
  const pkg = JSON.parse(
    execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], {
      cwd: root,
      encoding: 'utf8',
    }),
  );
  console.log('');
  const r = await runNode24(path.join(root, 'test/integration/ui-check.mjs'), [
    '--vsix',
    path.join(root, 'dist', `${pkg.name}-${pkg.version}.vsix`),
    '--folder',
    ws,
    '--file',
    'broken.postmortem.md',
    '--codeServer',
    env.CODE_SERVER,
    '--tmp',
    tmp,
    '--shots',
    shots,
  ]);
  if (r.failed === 0) rmSync(ws, { recursive: true, force: true });
  add(r, 'ui');
}
console.log(
  `\n(integration: ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in out/integration/screenshots)`,
);
if (skips.length) console.log(`skipped:\n${skips.join('\n')}`);
console.log(
  `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
