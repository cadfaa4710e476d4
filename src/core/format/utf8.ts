/** UTF-8 sizes for the CI formats: reviewdog columns are UTF-8 bytes, the step summary limit is in bytes. */

/** How many UTF-8 bytes `text` takes (a surrogate pair 4, a lone surrogate 3, as its U+FFFD replacement). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (
      c >= 0xd800 &&
      c <= 0xdbff &&
      i + 1 < text.length &&
      (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
