// Timers exist in both extension hosts (Node and web worker); declared here because the shell
// compiles without Node or DOM types so that no Node-only API can slip in.
declare function setTimeout(handler: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
/** Set by scripts/build.mjs: `true` in the web-worker bundles, `false` in the Node ones. */
declare const __WEB__: boolean;
