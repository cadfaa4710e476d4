/**
 * The messages between the extension and its lint worker (`lint-service.ts`): plain data only,
 * structured-cloned by `postMessage` in both hosts. No `vscode`, no Node: the worker imports it too.
 */
import type {
  ConfigLookup,
  Explanation,
  Finding,
  PostmortemRecord,
  Recognition,
  SchemaAssociation,
  Section,
  TextRange,
  TimelineEntry,
} from '../core/index.js';

/** Where a file is: `fsRoot` (`scheme://authority`) + `path` is its URI; `folder` is its workspace folder's path. */
export interface FileRef {
  readonly uri: string;
  readonly fsRoot: string;
  readonly path: string;
  /** The workspace folder's path (folder names in recognition count from it; its postmortems are the index), if any. */
  readonly folder: string | undefined;
  /** Whether workspace files (configs, schemas) may be read: false in Restricted Mode. */
  readonly trusted: boolean;
}

/** A schema association without the compiled validator (functions do not cross threads). */
export interface AssociationData {
  readonly source: SchemaAssociation['source'];
  readonly name: string;
  readonly reason: string;
  readonly schema:
    | { readonly ok: true; readonly id: string; readonly schema: unknown }
    | { readonly ok: false; readonly id: string; readonly error: string };
}

/** The outline of the linted version, from the same parse: the frontmatter block, the sections, the timeline rows. */
export interface OutlineData {
  /** The frontmatter block: its range, and its YAML text from `base` (`yaml`: the core parsed it as YAML). */
  readonly frontmatter:
    | { readonly range: TextRange; readonly base: number; readonly value: string; readonly yaml: boolean }
    | undefined;
  readonly sections: readonly Section[];
  readonly timeline: ReadonlyArray<Pick<TimelineEntry, 'range' | 'time' | 'actor' | 'text' | 'agentTag'>>;
}

/** What the extension keeps of a lint: the findings, which schema and config applied, the outline. */
export interface LintData {
  readonly outline: OutlineData;
  readonly findings: readonly Finding[];
  readonly association: AssociationData;
  readonly config: { readonly path: string | undefined };
  /** The file's repository record, made from the same parse (saves only). */
  readonly record?: PostmortemRecord | undefined;
  /** The lint ran past the time limit: `findings` is the one fatal finding that says so. */
  readonly timedOut?: boolean;
}

/** The core's `Explanation` (which config, schema and rule settings apply, and why), with the association as data. */
export type ExplainData = Omit<Explanation, 'association'> & { readonly association: AssociationData };

export type Request =
  | ({
      readonly op: 'lint';
      readonly text: string;
      readonly languageId: string;
      readonly save: boolean;
    } & FileRef)
  | ({ readonly op: 'recognise'; readonly text: string } & FileRef)
  | ({ readonly op: 'record'; readonly text: string; readonly keep: boolean } & FileRef)
  | ({ readonly op: 'config' } & FileRef)
  | ({ readonly op: 'explain'; readonly text: string } & FileRef)
  | ({ readonly op: 'timeout'; readonly seconds: number } & FileRef)
  | { readonly op: 'unrecord'; readonly uris: readonly string[] }
  | {
      readonly op: 'load';
      readonly entries: ReadonlyArray<{ readonly uri: string; readonly record: PostmortemRecord }>;
    }
  | { readonly op: 'forget'; readonly uri: string }
  | { readonly op: 'clear' }
  | { readonly op: 'ping' };

export interface Responses {
  lint: LintData | null;
  recognise: Recognition;
  record: PostmortemRecord | null;
  config: ConfigLookup;
  explain: ExplainData;
  timeout: Finding | null;
  unrecord: null;
  load: null;
  forget: null;
  clear: null;
  ping: null;
}

/** Extension → worker. */
export type ToWorker =
  | { readonly kind: 'request'; readonly id: number; readonly request: Request; readonly urgent?: boolean }
  | { readonly kind: 'read'; readonly rid: number; readonly text: string | undefined };

/** Worker → extension: a request started (its time limit runs from here), its answer, or a file to read. */
export type FromWorker =
  | { readonly kind: 'start'; readonly id: number }
  | { readonly kind: 'done'; readonly id: number; readonly value: unknown }
  | { readonly kind: 'failed'; readonly id: number; readonly error: string }
  | { readonly kind: 'read'; readonly rid: number; readonly uri: string };

/** The requests a stuck worker is given up on after the per-file time limit. */
export const LIMITED_OPS: ReadonlySet<Request['op']> = new Set(['lint', 'record', 'explain']);
