// Renders the HTML report of the fixture repository in headless Chromium and saves the
// screenshot the README shows (docs/images/report.png). Fails if the page requests anything or
// logs to the console: the report must be one self-contained file.
//   npm run build && node scripts/report-screenshot.mjs [chromium path]
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const executablePath = process.argv[2] ?? '/usr/bin/chromium';
const html = path.join(mkdtempSync(path.join(tmpdir(), 'pm-report-')), 'report.html');
const made = spawnSync(
  process.execPath,
  [
    'bin/postmortem.js',
    'report',
    'test/fixtures/repository',
    '--format',
    'html',
    '--as-of',
    '2026-04-01',
    '--title',
    'Postmortem report: support platform',
    '--output',
    html,
  ],
  { encoding: 'utf8' },
);
if (made.status !== 0) throw new Error(`postmortem report failed: ${made.stderr}`);

const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--headless'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1180, height: 900 }, deviceScaleFactor: 1 });
  const problems = [];
  page.on('console', (m) => problems.push(`console: ${m.text()}`));
  page.on('request', (r) => {
    if (r.url() !== pathToFileURL(html).href) problems.push(`request: ${r.url()}`);
  });
  await page.goto(pathToFileURL(html).href);
  // The README shows the top of the page: the tiles, the months, what recurs, classes and variables.
  const box = await page.locator('.grid2').first().boundingBox();
  await page.screenshot({
    path: 'docs/images/report.png',
    fullPage: true,
    clip: { x: 0, y: 0, width: 1180, height: Math.ceil((box?.y ?? 1400) + (box?.height ?? 0) + 10) },
  });
  if (process.env['FULL']) await page.screenshot({ path: process.env['FULL'], fullPage: true });
  if (problems.length > 0) throw new Error(`the report is not self-contained:\n${problems.join('\n')}`);
  console.log('wrote docs/images/report.png');
} finally {
  await browser.close();
}
