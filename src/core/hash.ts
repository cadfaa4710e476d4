/** The core's one non-cryptographic hash. */

/** 32-bit FNV-1a over UTF-16 code units, as an unsigned integer (scripts/precompile-schemas.mjs has the same one in hex). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
