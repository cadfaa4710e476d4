// UI check of the packaged .vsix: installs it into a fresh code-server, opens a postmortem in
// headless Chromium as a user would, and checks the language mode, squiggles and Problems rows.
// Saves screenshots. Prints `UI_RESULT {"passed":n,"failed":n}`. Run with Node 24.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: a } = parseArgs({
  options: {
    vsix: { type: 'string' },
    folder: { type: 'string' },
    file: { type: 'string' },
    codeServer: { type: 'string' },
    tmp: { type: 'string' },
    shots: { type: 'string' },
  },
});
const STEP = 60_000;
const work = mkdtempSync(path.join(a.tmp, 'ui-'));
for (const d of ['ud/User', 'exts', 'chromium', 'xdg']) mkdirSync(path.join(work, d), { recursive: true });
mkdirSync(a.shots, { recursive: true });
writeFileSync(
  path.join(work, 'ud/User/settings.json'),
  JSON.stringify({
    'workbench.startupEditor': 'none',
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
  }),
);
const env = {
  ...process.env,
  XDG_CONFIG_HOME: path.join(work, 'xdg'),
  XDG_DATA_HOME: path.join(work, 'xdg'),
};
const dirs = ['--user-data-dir', path.join(work, 'ud'), '--extensions-dir', path.join(work, 'exts')];
execFileSync(process.execPath, [a.codeServer, ...dirs, '--install-extension', a.vsix], {
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});

const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
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
    '--disable-workspace-trust',
    '--ignore-last-opened',
    ...dirs,
  ],
  { detached: true, stdio: 'ignore', env },
);

const checks = [];
const check = async (name, fn) => {
  try {
    await fn();
    checks.push([name, true]);
    console.log(`  ✔ ${name}`);
  } catch (error) {
    checks.push([name, false]);
    console.log(`  ✖ ${name}: ${error.message.split('\n')[0]}`);
    throw error;
  }
};

const ctx = await chromium.launchPersistentContext(path.join(work, 'chromium'), {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
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
const page = ctx.pages()[0] ?? (await ctx.newPage());
let ok = false;
try {
  for (let i = 0; ; i++) {
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (healthy) break;
    if (i > 600) throw new Error('code-server did not become healthy');
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log('UI check (packaged .vsix in code-server, headless Chromium)');
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(path.resolve(a.folder))}`);
  await page.waitForSelector('.monaco-workbench', { timeout: STEP });
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: a.file });
  await row.first().waitFor({ timeout: STEP });
  await row.first().dblclick();
  await check('the file opens in Postmortem mode', () =>
    page.locator('#status\\.editor\\.mode', { hasText: 'Postmortem' }).waitFor({ timeout: STEP }),
  );
  await check('the findings show as squiggles', () =>
    page
      .locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning')
      .first()
      .waitFor({ timeout: STEP }),
  );
  await page.keyboard.press('Control+Shift+M');
  await check('the Problems panel lists the findings with their rule ids', async () => {
    await page
      .locator('.markers-panel .monaco-tl-row', { hasText: 'frontmatter-schema' })
      .first()
      .waitFor({ timeout: STEP });
    const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
    console.log(rows.map((r) => `    ${r.replace(/\s+/g, ' ')}`).join('\n'));
    if (!rows.some((r) => r.includes('sev2'))) throw new Error('no row for `sev2`');
  });
  await page.screenshot({ path: path.join(a.shots, 'vscode-problems.png') });
  await check('the Explorer shows the Postmortems view, by failure class', async () => {
    const header = page.locator('.pane-header', { hasText: 'Postmortems' }).first();
    await header.waitFor({ timeout: STEP });
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    const row = page.locator('.monaco-list-row', { hasText: 'tool-misuse' }).first();
    await row.waitFor({ timeout: STEP });
    // The view shows the tree while the background index is still running (with
    // "Indexing N of M…"), so the class's counts grow until the index is ready:
    // wait for the final counts rather than reading the first row drawn.
    const want = '3 postmortems · 2 open action items';
    let text = '';
    for (const end = Date.now() + STEP; ;) {
      text = (await row.innerText().catch(() => '')).replace(/\s+/g, ' ');
      if (text.includes(want) || Date.now() > end) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    console.log(`    ${text}`);
    if (!text.includes(want)) throw new Error(`unexpected row: ${text}`);
    await row.click();
    await page
      .locator('.monaco-list-row', { hasText: 'Refund tool schema change broke partial refunds' })
      .first()
      .waitFor({ timeout: STEP });
  });
  await page.screenshot({ path: path.join(a.shots, 'vscode-postmortems-view.png') });
  ok = true;
} catch (error) {
  await page.screenshot({ path: path.join(a.shots, 'vscode-problems-error.png') }).catch(() => {});
  if (checks.every(([, passed]) => passed)) checks.push([`setup: ${error.message.split('\n')[0]}`, false]);
} finally {
  await ctx.close().catch(() => {});
  try {
    process.kill(-server.pid, 'SIGKILL');
  } catch {}
}
if (ok) rmSync(work, { recursive: true, force: true });
const passed = checks.filter(([, p]) => p).length;
console.log(`UI_RESULT ${JSON.stringify({ passed, failed: checks.length - passed })}`);
process.exit(ok ? 0 : 1);
