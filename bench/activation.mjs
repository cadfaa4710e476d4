// Load time and activate() time of the extension bundle in plain Node, with every `vscode` API
// replaced by a permissive stub: an estimate of the extension's own start-up cost, not a
// measurement in a real extension host. Usage: node bench/activation.mjs dist/extension.cjs
import Module, { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

// esbuild's interop copies the module's own property names, so the stub lists the API's namespaces.
const NAMES =
  'languages workspace window commands extensions env tasks l10n Uri Range Position Selection Location Diagnostic DiagnosticSeverity DiagnosticRelatedInformation DiagnosticTag EventEmitter CodeAction CodeActionKind EndOfLine WorkspaceEdit TextEdit Disposable MarkdownString Hover SymbolKind DocumentSymbol CompletionItem CompletionItemKind SnippetString RelativePattern FileType ThemeIcon StatusBarAlignment ProgressLocation ConfigurationTarget TreeItem ViewColumn FoldingRange DocumentLink'.split(
    ' ',
  );
const stub = () =>
  new Proxy(function () {}, {
    ownKeys: (t) => [...Reflect.ownKeys(t), ...NAMES],
    getOwnPropertyDescriptor: (t, key) =>
      Reflect.getOwnPropertyDescriptor(t, key) ?? {
        configurable: true,
        enumerable: true,
        writable: true,
        value: stub(),
      },
    get: (_t, key) =>
      key === 'then'
        ? undefined
        : key === Symbol.toPrimitive
          ? () => ''
          : key === Symbol.iterator
            ? [][Symbol.iterator].bind([])
            : stub(),
    set: () => true,
    defineProperty: () => true,
    apply: () => stub(),
    construct: () => stub(),
  });
const original = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? stub() : original.call(this, request, ...rest);
};
const t0 = performance.now();
const ext = require(path.resolve(process.argv[2]));
const t1 = performance.now();
const context = {
  subscriptions: [],
  extensionUri: stub(),
  extensionPath: process.cwd(),
  globalState: stub(),
  workspaceState: stub(),
  asAbsolutePath: (p) => p,
};
Promise.resolve(ext.activate(context)).then(() => {
  const t2 = performance.now();
  console.log(JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1 }));
  process.exit(0);
});
