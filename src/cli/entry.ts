/**
 * Entry of the CLI bundle (`dist/cli-main.cjs`): wires `main` to the process. `dist/cli.js`
 * (`index.ts`) loads the bundle through the code cache and calls `run`.
 */
import { newPostmortem } from '../core/index.js';
import { cliLinter, fastPathsFrom } from './linter.js';
export { lintedOnThisThread } from './lint-many.js';
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
 * What the template lacks of a filled-in postmortem, so that the warm-up compiles what one-file runs use: a timeline
 * as a list and as a table, an agent's decision, a deterministic root cause, action items, a suppression comment.
 */
const WARM_UP_BODY = [
  '',
  '## Timeline (filled in)',
  '',
  '- 2026-01-01 10:00 UTC triage-agent: The agent decided to roll back `gateway` **twice** (see [runbook](https://example.com/r)).',
  '- 2026-01-01 10:05 UTC [agent] IC: paged the on-call',
  '',
  '| Time | Actor | Event |',
  '| --- | --- | --- |',
  '| 10:10 UTC | refund-agent | The refund agent concluded the order was a duplicate and refunded it |',
  '',
  '## Root cause (filled in)',
  '',
  'The runbook was wrong; we tweaked the prompt and redeployed. We could not reproduce it.',
  '',
  '## Action items (filled in)',
  '',
  '| Action | Owner | Due | Status |',
  '| --- | --- | --- | --- |',
  '| Fix the prompt | @dana | 2026-02-01 | open |',
  '',
  '<!-- postmortem-disable-next-line blameless -->',
  'Dana forgot to check the dashboard.',
  '',
].join('\n');

/**
 * Lint the `new` template (filled in a little) in process, reading no file and printing nothing, before a code cache is written
 * for `lint`: a run that linted nothing on this thread (every file from `--cache`, or all on worker threads)
 * would otherwise leave a cache without the parser and the rules, and every later one-file run would compile them.
 */
export async function warmUp(): Promise<void> {
  const text = newPostmortem({ title: 'Warm-up', date: '2026-01-01', id: 'PM-2026-01-01-warm-up' }) + WARM_UP_BODY;
  const linter = cliLinter({ cwd: process.cwd(), fastPaths: fastPathsFrom(process.env) });
  await linter.lintFirstPass('/warm-up.postmortem.md', text, { record: true });
}
