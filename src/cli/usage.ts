/** A mistake in the command line: `main` prints it with a pointer to the right help and exits 2. */
export class UsageError extends Error {
  /** The command that shows the relevant help, e.g. `postmortem report --help`. */
  readonly help: string;

  constructor(message: string, help = 'postmortem --help') {
    super(message);
    this.help = help;
  }
}
