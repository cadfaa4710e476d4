/**
 * The core's `Host` port over `vscode.workspace.fs`, one `Resolver` per file system (scheme and
 * authority), and the Workspace Trust policy: in Restricted Mode no workspace file is read, so
 * only the built-in config and the bundled schema apply.
 */
import type { Root } from 'mdast';
import * as vscode from 'vscode';
import {
  DEFAULT_CONFIG,
  DEFAULT_SCHEMA_NAME,
  RULES,
  Resolver,
  bundled,
  lint,
  parsePostmortem,
  recognisePostmortem,
  type FileLint,
  type Recognition,
  type RepositoryIndex,
} from '../core/index.js';

/** The language id of the postmortem mode; `markdown` documents can be postmortems too. */
export const LANGUAGE_ID = 'postmortem';

const decoder = new TextDecoder('utf-8');

export class Resolvers {
  readonly #byRoot = new Map<string, Resolver>();
  /** The repository index a file is linted with (`recurrence`); set by the extension once it indexes the workspace. */
  repositoryFor: (uri: vscode.Uri) => RepositoryIndex | undefined = () => undefined;

  /** Whether workspace files (config, schemas) may be read; false in Restricted Mode. */
  get trusted(): boolean {
    return vscode.workspace.isTrusted;
  }

  for(uri: vscode.Uri): Resolver {
    const root = `${uri.scheme}://${uri.authority}`;
    let resolver = this.#byRoot.get(root);
    if (!resolver) {
      resolver = new Resolver(
        {
          readFile: async (path) => {
            try {
              const text = decoder.decode(await vscode.workspace.fs.readFile(uri.with({ path, query: '', fragment: '' })));
              return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
            } catch {
              // Missing or unreadable: like the CLI, the lookup goes on (the explain command shows what applied).
              return undefined;
            }
          },
        },
        RULES,
      );
      this.#byRoot.set(root, resolver);
    }
    return resolver;
  }

  /** Forget cached configs and schemas (a config or schema file changed, or trust was granted). */
  clear(): void {
    for (const resolver of this.#byRoot.values()) resolver.clear();
  }

  /** Lint `text` as the file at `uri`, exactly like the CLI does (or bundled-only when untrusted). */
  async lint(uri: vscode.Uri, text: string, markdown?: (text: string) => Root): Promise<FileLint> {
    const index = this.repositoryFor(uri);
    const repository = index ? { repository: index } : {};
    const parser = markdown ? { markdown } : {};
    if (!this.trusted) {
      const schema = bundled();
      const document = parsePostmortem(text, DEFAULT_CONFIG.limits, markdown);
      const { findings } = lint(text, { config: DEFAULT_CONFIG, schema, rules: RULES, document, path: uri.path, ...repository });
      return {
        findings,
        document,
        config: DEFAULT_CONFIG,
        configFailure: undefined,
        association: { source: 'default', name: DEFAULT_SCHEMA_NAME, reason: 'the workspace is in Restricted Mode, so workspace configs and schemas are not read', schema },
      };
    }
    return this.for(uri).lintFile(uri.path, text, { ...repository, ...parser });
  }

  /**
   * Whether a document is a postmortem: the `postmortem` language, or Markdown that the core's
   * `recognisePostmortem` takes (name, `files`, frontmatter, folder, section headings), as the CLI does.
   */
  async isPostmortem(document: vscode.TextDocument): Promise<boolean> {
    if (document.languageId === LANGUAGE_ID) return true;
    if (document.languageId !== 'markdown') return false;
    return this.isPostmortemFile(document.uri, document.getText());
  }

  /** The same test for a Markdown file that is not open (Lint Workspace), like the CLI's folder walk. */
  async isPostmortemFile(uri: vscode.Uri, text: string): Promise<boolean> {
    return (await this.recognise(uri, text)).postmortem;
  }

  /**
   * The core's verdict and its reasons. Folder names count from the workspace folder; in Restricted
   * Mode no config is read, so only the built-in defaults apply.
   */
  async recognise(uri: vscode.Uri, text: string): Promise<Recognition> {
    const config = this.trusted ? (await this.for(uri).configFor(uri.path)).config : DEFAULT_CONFIG;
    const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.path;
    return recognisePostmortem({ path: uri.path, text, config, ...(root === undefined ? {} : { root }) });
  }
}
