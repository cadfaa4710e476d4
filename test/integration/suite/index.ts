/**
 * The in-editor test entry, `run()` as @vscode/test-electron and our code-server runner expect.
 * Bundled twice: for the Node extension host (mocha from node_modules) and for the web-worker host
 * (mocha's browser build). Ends with one `MOCHA_RESULT {"passed":n,"failed":n,"skipped":n,"skippedTests":[…]}`
 * line the runner counts (skipped tests by full title).
 */
import { loadSuites } from 'virtual:suites';

declare const WEB: boolean;

interface Runner {
  on(event: 'pass' | 'fail' | 'pending', listener: (test: { fullTitle(): string }) => void): void;
}

export function run(): Promise<void> {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const skippedTests: string[] = [];
  const finish = (resolve: () => void, reject: (e: Error) => void) => () => {
    console.log(`MOCHA_RESULT ${JSON.stringify({ passed, failed, skipped, skippedTests })}`);
    if (failed > 0) reject(new Error(`${failed} test(s) failed`));
    else resolve();
  };
  const count = (runner: Runner) => {
    runner.on('pass', () => passed++);
    runner.on('fail', () => failed++);
    runner.on('pending', (test) => {
      skipped++;
      skippedTests.push(test.fullTitle());
    });
  };
  return new Promise((resolve, reject) => {
    if (WEB) {
      // The UMD build replaces `module.exports` when loaded, so it is required only here.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('mocha/mocha');
      const mocha = (
        globalThis as unknown as { mocha: { setup(options: object): void; run(done: () => void): unknown } }
      ).mocha;
      mocha.setup({ ui: 'tdd', reporter: 'spec', timeout: 60_000, color: false });
      loadSuites();
      count(mocha.run(finish(resolve, reject)) as unknown as Runner);
    } else {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const Mocha = require('mocha') as typeof import('mocha');
      const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
      mocha.suite.emit('pre-require', globalThis, 'suites', mocha);
      loadSuites();
      count(mocha.run(finish(resolve, reject)) as unknown as Runner);
    }
  });
}
