// `npm test`: the unit suite (node:test) then the in-editor suites (code-server, provisioned on
// first use), each streamed as it runs; ends with one line adding both up: "total: N passed, N failed[, N skipped]"
// (each suite lists its skipped tests, with the reason, above its own summary line).
import { spawn } from 'node:child_process';

const SUMMARY = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/;

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let last;
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const m = SUMMARY.exec(line.trim());
        if (m) last = { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3] ?? 0) };
      }
    });
    child.on('close', (code) => {
      const m = SUMMARY.exec(buffer.trim());
      if (m) last = { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3] ?? 0) };
      resolve({ code: code ?? 1, counts: last });
    });
  });
}

const parts = [
  // --all: also the files too slow for `npm run test:unit` (test/run.mjs names them).
  ['unit', process.execPath, ['test/run.mjs', '--all']],
  ['integration', process.execPath, ['scripts/test-integration.mjs']],
];
let passed = 0;
let failed = 0;
let skipped = 0;
let exit = 0;
for (const [name, command, args] of parts) {
  console.log(`\n== ${name} tests ==`);
  const { code, counts } = await run(command, args);
  if (!counts) {
    console.log(`${name}: no summary line (exit ${code})`);
    failed++;
  } else {
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.skipped;
  }
  if (code !== 0) exit = 1;
}
console.log(`total: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = exit || (failed > 0 ? 1 : 0);
