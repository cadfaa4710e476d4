/** Offsets to 1-based lines and UTF-16 columns: the only place in the core that knows lines. */

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column in UTF-16 code units. */
  readonly column: number;
}

/** Line starts of a text; a line ends at `\n`, `\r\n` or a lone `\r`, as in VS Code. */
export class LineIndex {
  readonly #starts: number[];
  readonly #length: number;

  constructor(text: string) {
    const starts = [0];
    if (text.indexOf('\r') === -1) {
      // No `\r` at all (most texts): the line breaks are found by `indexOf`, many times faster than a loop.
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.#starts = starts;
    this.#length = text.length;
  }

  get lineCount(): number {
    return this.#starts.length;
  }

  /** The position of an offset; offsets outside the text are clamped. */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.#length));
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.#starts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (this.#starts[lo] ?? 0) + 1 };
  }

  /** The offset of a 1-based line and column; clamped to the text. */
  offset(line: number, column: number): number {
    const start = this.#starts[Math.max(0, Math.min(line - 1, this.#starts.length - 1))] ?? 0;
    return Math.max(0, Math.min(start + column - 1, this.#length));
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.#starts[Math.max(0, Math.min(line - 1, this.#starts.length - 1))] ?? 0;
  }
}
