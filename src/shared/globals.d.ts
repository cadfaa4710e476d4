// The subset of the fetch API that src/shared uses, declared here rather than taken from the DOM
// or Node types: it exists in both extension hosts (Node 20+ and web workers) and in the CLI, and
// nothing outside it can slip in. Kept free of names the extension's globals.d.ts declares.
declare class URLSearchParams {
  set(name: string, value: string): void;
  append(name: string, value: string): void;
}
declare class URL {
  constructor(url: string | URL, base?: string | URL);
  readonly origin: string;
  readonly protocol: string;
  readonly hostname: string;
  readonly username: string;
  readonly password: string;
  pathname: string;
  readonly href: string;
  readonly searchParams: URLSearchParams;
}
declare class AbortSignal {
  static timeout(ms: number): AbortSignal;
}
interface ReadableStreamReadResult {
  readonly done: boolean;
  readonly value?: Uint8Array;
}
interface ReadableStreamReader {
  read(): Promise<ReadableStreamReadResult>;
  cancel(): Promise<void>;
}
interface ReadableStream {
  getReader(): ReadableStreamReader;
  cancel(): Promise<void>;
}
interface Headers {
  get(name: string): string | null;
}
declare class Response {
  constructor(body?: Uint8Array);
  readonly status: number;
  readonly ok: boolean;
  /** `opaqueredirect` in a browser after a manual redirect. */
  readonly type: string;
  readonly headers: Headers;
  readonly body: ReadableStream | null;
  text(): Promise<string>;
}
interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  redirect?: 'manual' | 'follow' | 'error';
  credentials?: 'omit' | 'same-origin' | 'include';
  signal?: AbortSignal;
}
declare function fetch(input: URL | string, init?: RequestInit): Promise<Response>;
declare function btoa(data: string): string;
