// Generated at bundle time by scripts/test-integration.mjs: requires every `*.test.ts` of this folder.
declare module 'virtual:suites' {
  export function loadSuites(): void;
}

// The suite compiles without Node types (it also runs in the web worker); these two exist in both.
declare function require(id: string): unknown;
declare const console: { log(...args: unknown[]): void };
// Node's `assert` in the Node host, npm `assert` in the web worker; the subset the suite uses.
declare module 'assert' {
  export function ok(value: unknown, message?: string): asserts value;
  export function strictEqual<T>(actual: unknown, expected: T, message?: string): asserts actual is T;
  export function deepStrictEqual<T>(actual: unknown, expected: T, message?: string): asserts actual is T;
}
