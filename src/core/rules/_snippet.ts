/** Snippet forms of inserted text, for editors that place the cursor where the author types. */
import type { TextEdit } from '../types.js';

/**
 * `edit` with a `snippet` whose inserted table's empty row has a tab stop in each cell, in order;
 * everything else escaped, so the snippet expands to exactly `newText` when nothing is typed.
 */
export function withTableTabStops(edit: TextEdit): TextEdit {
  const escaped = edit.newText.replace(/[\\$}]/g, (c) => `\\${c}`);
  let stop = 0;
  const snippet = escaped.replace(/^\|(?:[ \t]*\|)+(?=\r?$)/m, (row) =>
    row.replace(/[ \t]*\|/g, (_cell: string, at: number) => (at === 0 ? '|' : ` $${++stop} |`)),
  );
  return stop === 0 ? edit : { ...edit, snippet };
}
