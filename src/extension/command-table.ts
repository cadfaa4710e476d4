/**
 * Every command the extension registers: `commands.ts`'s, plus Show Related (`postmortems-view.ts`)
 * and trace import (`trace-import.ts`). Kept apart from `commands.ts` because those two modules take
 * the `Services` type from it: `commands.ts` imports neither, so no import cycle runs through it.
 */
import { COMMANDS, type CommandSpec } from './commands.js';
import { SHOW_RELATED_COMMAND, showRelatedCommand } from './postmortems-view.js';
import {
  IMPORT_TRACE_COMMAND,
  SET_TOKEN_COMMAND,
  importTraceCommand,
  setTraceBackendTokenCommand,
} from './trace-import.js';

export const ALL_COMMANDS: readonly CommandSpec[] = [
  ...COMMANDS,
  { id: IMPORT_TRACE_COMMAND, run: (s, ...args) => importTraceCommand(s, args[0]) },
  { id: SET_TOKEN_COMMAND, run: (s, ...args) => setTraceBackendTokenCommand(s, args[0]) },
  { id: SHOW_RELATED_COMMAND, run: (s, ...args) => showRelatedCommand(s, args[0]) },
];
