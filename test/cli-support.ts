/** The CLI's main function in this process, as the built CLI runs it when stderr is not a terminal, output captured. */
import { main } from '../src/cli/main.js';

/**
 * Run `postmortem <args>` in this process (one process less per run, for what the CLI decides from its arguments and
 * folder); `env` is the whole environment the CLI sees.
 */
export async function cliInProcess(
  args: string[],
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env,
    today: () => new Date().toISOString().slice(0, 10),
  });
  return { code, stdout, stderr };
}
