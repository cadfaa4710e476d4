/**
 * Entry of the CLI bundle (`dist/cli-main.cjs`): wires `main` to the process. `dist/cli.js`
 * (`index.ts`) loads the bundle and calls `run`.
 */
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
    // Read when the progress line draws, so a resized terminal gets lines of its new width.
    terminal: process.stderr.isTTY
      ? {
          get columns() {
            return process.stderr.columns;
          },
        }
      : undefined,
  });
}
