// Runs the in-editor mocha suite inside a real VS Code: code-server (run with this Node, which must
// be Node 24) driven by headless Chromium through playwright-core. Same contract as
// @vscode/test-electron: the tests module exports `run()`. Exit 0 pass, 1 failure, 124 timeout.
// Prints `HOST_RESULT {"passed":n,"failed":n}` (counted from the suite's MOCHA_RESULT line).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs, format } from 'node:util';
import { chromium } from 'playwright-core';

const { values: a } = parseArgs({
  options: {
    extensionDevelopmentPath: { type: 'string' },
    extensionTestsPath: { type: 'string' },
    folder: { type: 'string' },
    codeServer: { type: 'string' },
    timeout: { type: 'string', default: '300000' },
    tmp: { type: 'string' },
    label: { type: 'string', default: 'host' },
    // Workspace Trust on: the folder opens in Restricted Mode, and a `TRUST_GRANT_REQUEST` line from
    // the suite makes this runner press Trust in the Workspace Trust editor the suite opened.
    'workspace-trust': { type: 'boolean', default: false },
  },
});

export const SEED_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
};
const NOISE =
  /open-vsx|gallery|connection token|authentication provider|ENOTFOUND|marketplace|Failed to load resource|Extension host .* started|\[perf\]/i;

/** Press Trust in the Workspace Trust editor (the suite opened it with `workbench.trust.manage`); the grant is then the user's. */
async function pressTrust(page) {
  try {
    // The button's accessible name is "Trust, Keyboard Shortcut: …"; "Don't Trust" does not match.
    await page
      .locator('.workspace-trust-editor')
      .getByRole('button', { name: /^Trust(,|$)/ })
      .first()
      .click({ timeout: 60_000 });
    console.log('[runner] pressed Trust in the Workspace Trust editor');
  } catch (error) {
    console.log(`[runner] could not press Trust: ${error.message}`);
    await page.screenshot({ path: path.join(a.tmp, `${a.label}-trust.png`) }).catch(() => {});
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const work = mkdtempSync(path.join(a.tmp, `${a.label}-`));
for (const d of ['ud/User', 'exts', 'chromium', 'xdg']) mkdirSync(path.join(work, d), { recursive: true });
writeFileSync(
  path.join(work, 'ud/User/settings.json'),
  JSON.stringify({ ...SEED_SETTINGS, ...JSON.parse(process.env.EXTRA_SETTINGS ?? '{}') }, null, 2),
);

const port = await freePort();
const server = spawn(
  process.execPath,
  [
    a.codeServer,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(a['workspace-trust'] ? [] : ['--disable-workspace-trust']),
    '--ignore-last-opened',
    '--vscode-option',
    'enable-smoke-test-driver',
    '--user-data-dir',
    path.join(work, 'ud'),
    '--extensions-dir',
    path.join(work, 'exts'),
  ],
  {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_CONFIG_HOME: path.join(work, 'xdg'), XDG_DATA_HOME: path.join(work, 'xdg') },
  },
);
let serverLog = '';
await new Promise((resolve, reject) => {
  const onData = (chunk) => {
    serverLog += chunk;
    if (/HTTP server listening/.test(serverLog)) resolve();
  };
  server.stdout.on('data', onData);
  server.stderr.on('data', onData);
  server.on('exit', (code) =>
    reject(new Error(`code-server exited (${code}) before listening:\n${serverLog}`)),
  );
});

const U = (p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
const payload = [
  ['extensionDevelopmentPath', U(a.extensionDevelopmentPath)],
  ['extensionTestsPath', U(a.extensionTestsPath)],
  ['skipWelcome', 'true'],
  ['skipReleaseNotes', 'true'],
];
const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(path.resolve(a.folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

let code = 1;
let result;
const ctx = await chromium.launchPersistentContext(path.join(work, 'chromium'), {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
});
try {
  let exited;
  const done = new Promise((resolve) => (exited = resolve));
  let page;
  await ctx.exposeFunction('codeAutomationLog', (level, args) => {
    const line = format(...(Array.isArray(args) ? args : [args]));
    if (level !== 'info' && level !== 'error') return;
    const m = /MOCHA_RESULT (\{.*\})/.exec(line);
    if (m) result = JSON.parse(m[1]);
    if (a['workspace-trust'] && /TRUST_GRANT_REQUEST/.test(line)) void pressTrust(page);
    if (!NOISE.test(line)) console.log(line);
  });
  await ctx.exposeFunction('codeAutomationExit', (c) => exited(c));
  page = ctx.pages()[0] ?? (await ctx.newPage());
  // Errors of the page and its workers (the web extension host runs in one) explain a hang.
  const onConsole = (message) => {
    if (message.type() === 'error' && !NOISE.test(message.text())) console.log(`[console] ${message.text()}`);
  };
  page.on('console', onConsole);
  page.on('worker', (worker) => worker.on('console', onConsole));
  page.on('pageerror', (error) => console.log(`[pageerror] ${error.message}`));
  await page.goto(url);
  let timer;
  code = await Promise.race([
    done,
    new Promise((resolve) => (timer = setTimeout(() => resolve(124), Number(a.timeout)))),
  ]);
  clearTimeout(timer);
  if (code === 124) await page.screenshot({ path: path.join(a.tmp, `${a.label}-timeout.png`) });
} finally {
  await ctx.close().catch(() => {});
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {}
  await new Promise((resolve) => {
    const t = setTimeout(resolve, 10_000);
    server.on('exit', () => {
      clearTimeout(t);
      resolve();
    });
    if (server.exitCode !== null) resolve();
  });
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {}
}
if (code === 0) rmSync(work, { recursive: true, force: true });
if (!result) result = { passed: 0, failed: 1 };
if (code !== 0 && result.failed === 0) result.failed = 1;
console.log(`HOST_RESULT ${JSON.stringify(result)}`);
process.exit(code);
