/** What a CLI command is given (`Io`) and what it is (`Command`): the contract between `main.ts` and `commands/`. */

export interface Io {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Today's date, `YYYY-MM-DD` (injectable for tests). */
  readonly today: () => string;
}

/** A subcommand: parses its own arguments (so each can have its own flags) and returns an exit code. */
export interface Command {
  readonly summary: string;
  run(args: readonly string[], io: Io): Promise<number>;
}
