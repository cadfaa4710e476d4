/**
 * Entry of the CLI bundle (`dist/cli-main.cjs`): wires `main` to the process. `dist/cli.js`
 * (`index.ts`) loads the bundle through the code cache and calls `run`.
 */
import './precompiled.js';
import { RULES, Resolver, createRuleParser, newPostmortem } from '../core/index.js';
import { lintAndRecord } from './lint-one.js';
import { main } from './main.js';

/** Run the command line of this process; resolves with the exit code. */
export function run(): Promise<number> {
  return main(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    today: () => new Date().toISOString().slice(0, 10),
  });
}

/**
 * Lint the `new` template in process, reading no file and printing nothing, before a code cache is written
 * for `lint`: a run that linted nothing on this thread (every file from `--cache`, or all on worker threads)
 * would otherwise leave a cache without the parser and the rules, and every later one-file run would compile them.
 */
export async function warmUp(): Promise<void> {
  const text = newPostmortem({ title: 'Warm-up', date: '2026-01-01', id: 'PM-2026-01-01-warm-up' });
  const markdown = createRuleParser();
  const resolver = new Resolver({ readFile: () => Promise.resolve(undefined) }, RULES, { markdown });
  await lintAndRecord(resolver, markdown, '/warm-up.postmortem.md', text);
}
