/**
 * The Postmortems view (failure class → incident, with open action items) and Show Related
 * Postmortems (the postmortems sharing a class root, or a service with the same moved variable,
 * with the document in the active editor). Both read the `WorkspaceRepository`; neither parses.
 */
import * as vscode from 'vscode';
import { CATCH_ALL_CLASSES, label, type PostmortemRecord, type RepositoryIndex } from '../core/index.js';
import type { Services } from './commands.js';
import type { WorkspaceRepository } from './repository.js';

export const VIEW_ID = 'ai-postmortem.postmortems';
export const SHOW_RELATED_COMMAND = 'ai-postmortem.showRelated';
/** The tree's group for postmortems that name no failure class. */
export const NO_CLASS = '(no failure class)';

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function openItems(record: PostmortemRecord): number {
  return record.actionItems.filter((i) => i.state === 'open').length;
}

export interface ClassNode {
  readonly kind: 'class';
  readonly name: string;
  /** Newest first. */
  readonly records: readonly PostmortemRecord[];
}

export interface IncidentNode {
  readonly kind: 'incident';
  readonly record: PostmortemRecord;
  readonly uri: vscode.Uri;
  /** The class this row is listed under (a postmortem with three classes appears three times). */
  readonly under: string;
}

export type PostmortemNode = ClassNode | IncidentNode;

export class PostmortemsView implements vscode.TreeDataProvider<PostmortemNode>, vscode.Disposable {
  readonly #repository: WorkspaceRepository;
  readonly #onDidChangeTreeData = new vscode.EventEmitter<PostmortemNode | undefined>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  readonly #subscription: vscode.Disposable;

  constructor(repository: WorkspaceRepository) {
    this.#repository = repository;
    this.#subscription = repository.onDidChange(() => this.#onDidChangeTreeData.fire(undefined));
  }

  getChildren(node?: PostmortemNode): PostmortemNode[] {
    if (!node) {
      const byClass = new Map<string, PostmortemRecord[]>();
      for (const { record } of this.#repository.entries()) {
        const roots = record.classRoots.length > 0 ? record.classRoots : [NO_CLASS];
        for (const root of roots) byClass.set(root, [...(byClass.get(root) ?? []), record]);
      }
      // Most postmortems first: the classes that recur are what the view is for; the unclassified last.
      return [...byClass.entries()]
        .map(([name, records]): ClassNode => ({ kind: 'class', name, records: [...records].reverse() }))
        .sort(
          (a, b) =>
            Number(a.name === NO_CLASS) - Number(b.name === NO_CLASS) ||
            b.records.length - a.records.length ||
            (a.name < b.name ? -1 : 1),
        );
    }
    if (node.kind === 'class')
      return node.records.map((record) => ({
        kind: 'incident',
        record,
        uri: this.#repository.uriOf(record),
        under: node.name,
      }));
    return [];
  }

  getTreeItem(node: PostmortemNode): vscode.TreeItem {
    if (node.kind === 'class') {
      const open = node.records.reduce((n, r) => n + openItems(r), 0);
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `class:${node.name}`;
      item.description = `${plural(node.records.length, 'postmortem')}${open > 0 ? ` · ${plural(open, 'open action item')}` : ''}`;
      item.iconPath = new vscode.ThemeIcon(
        node.name === NO_CLASS ? 'circle-outline' : node.records.length > 1 ? 'history' : 'tag',
      );
      item.contextValue = 'failureClass';
      return item;
    }
    const { record, uri } = node;
    const open = openItems(record);
    const item = new vscode.TreeItem(record.title, vscode.TreeItemCollapsibleState.None);
    item.id = `incident:${node.under}:${uri.toString()}`;
    item.resourceUri = uri;
    item.description = [
      record.date ?? 'undated',
      record.status ?? 'no status',
      ...(open > 0 ? [`${open} open`] : []),
    ].join(' · ');
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${label(record)}**: `).appendText(record.title);
    tooltip.appendMarkdown(
      `\n\nDate: ${record.date ?? 'undated'} · status: ${record.status ?? 'none'} · severity: ${record.severity ?? 'none'}`,
    );
    if (record.failureClasses.length > 0)
      tooltip.appendMarkdown(
        `\n\nFailure classes: ${record.failureClasses.map((c) => `\`${c}\``).join(' → ')}`,
      );
    if (record.services.length > 0)
      tooltip.appendMarkdown(`\n\nServices: ${record.services.map((s) => `\`${s}\``).join(', ')}`);
    if (record.movedVariables.length > 0)
      tooltip.appendMarkdown(`\n\nMoved: ${record.movedVariables.map((v) => `\`${v}\``).join(', ')}`);
    tooltip.appendMarkdown(`\n\nAction items: ${plural(record.actionItems.length, 'item')}, ${open} open`);
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon(open > 0 ? 'issues' : 'pass');
    item.contextValue = 'postmortem';
    item.command = { command: 'vscode.open', title: 'Open Postmortem', arguments: [uri] };
    return item;
  }

  dispose(): void {
    this.#subscription.dispose();
    this.#onDidChangeTreeData.dispose();
  }
}

/** A postmortem related to the document, and why. */
export interface RelatedPostmortem {
  readonly record: PostmortemRecord;
  readonly uri: vscode.Uri;
  /** Relative to the document: `earlier`, `same-day` or `later` (by `date`), `undated` when either has none. */
  readonly when: 'earlier' | 'same-day' | 'later' | 'undated';
  /** One sentence per shared class root or service-and-variable, e.g. "shares the failure class `tool-misuse`". */
  readonly reasons: readonly string[];
}

/** The postmortems of `index` related to `self`: a shared class root (except `other`), or a shared service where the same variable moved. */
export function relatedPostmortems(
  self: PostmortemRecord,
  index: RepositoryIndex,
  uriOf: (record: PostmortemRecord) => vscode.Uri,
): RelatedPostmortem[] {
  const notSelf = (r: PostmortemRecord): boolean =>
    r.path !== self.path && (self.id === undefined || r.id !== self.id);
  const reasons = new Map<PostmortemRecord, string[]>();
  const add = (r: PostmortemRecord, reason: string): void => {
    if (notSelf(r)) reasons.set(r, [...(reasons.get(r) ?? []), reason]);
  };
  for (const root of self.classRoots) {
    if (CATCH_ALL_CLASSES.has(root)) continue;
    for (const r of index.withClass(root)) {
      const written = r.failureClasses.find((c) => c.split('/')[0] === root) ?? root;
      add(
        r,
        written === root
          ? `shares the failure class \`${root}\``
          : `shares the failure class \`${root}\` (as \`${written}\`)`,
      );
    }
  }
  for (const variable of self.movedVariables) {
    for (const service of self.services)
      for (const r of index.withServiceAndMoved(service, variable))
        add(r, `\`${variable}\` moved on \`${service}\` in both`);
  }
  const when = (r: PostmortemRecord): RelatedPostmortem['when'] =>
    self.date === undefined || r.date === undefined
      ? 'undated'
      : r.date < self.date
        ? 'earlier'
        : r.date > self.date
          ? 'later'
          : 'same-day';
  const order = { earlier: 0, 'same-day': 1, later: 2, undated: 3 };
  return [...reasons.entries()]
    .map(([record, why]) => ({ record, uri: uriOf(record), when: when(record), reasons: why }))
    .sort((a, b) => {
      if (a.when !== b.when) return order[a.when] - order[b.when];
      // Earlier ones closest first (the most recent history); later ones soonest first.
      const ad = a.record.date ?? '';
      const bd = b.record.date ?? '';
      if (ad !== bd) return (a.when === 'earlier' ? ad > bd : ad < bd) ? -1 : 1;
      return a.record.path < b.record.path ? -1 : 1;
    });
}

const WHEN_LABEL: Record<RelatedPostmortem['when'], string> = {
  earlier: 'Earlier',
  'same-day': 'Same day',
  later: 'Later',
  undated: 'Undated',
};

/** Answers for a programmatic run (tests, other extensions); without `choose` a QuickPick asks. */
export interface ShowRelatedOptions {
  /** The postmortem (else the active editor's document). */
  readonly document?: vscode.Uri | string;
  readonly choose?: (
    related: readonly RelatedPostmortem[],
  ) => Thenable<RelatedPostmortem | undefined> | RelatedPostmortem | undefined;
}

export interface ShowRelatedOutcome {
  readonly related: readonly RelatedPostmortem[];
  /** The postmortem opened, if one was chosen. */
  readonly opened?: vscode.Uri;
}

type RelatedItem = vscode.QuickPickItem & { related?: RelatedPostmortem };

async function pickRelated(
  related: readonly RelatedPostmortem[],
  title: string,
): Promise<RelatedPostmortem | undefined> {
  const items: RelatedItem[] = [];
  let group: RelatedPostmortem['when'] | undefined;
  for (const r of related) {
    if (r.when !== group) {
      group = r.when;
      items.push({ label: WHEN_LABEL[r.when], kind: vscode.QuickPickItemKind.Separator });
    }
    const open = openItems(r.record);
    items.push({
      label: r.record.title,
      description: `${label(r.record)} · ${r.record.date ?? 'undated'}${open > 0 ? ` · ${plural(open, 'open action item')}` : ''}`,
      detail: r.reasons.join('; '),
      related: r,
    });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'Open a related postmortem',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.related;
}

function resolveUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  return undefined;
}

/** Show Related Postmortems: for the active postmortem (unsaved text included), or a view row's. */
export async function showRelatedCommand(services: Services, arg?: unknown): Promise<ShowRelatedOutcome> {
  const { repository } = services;
  // From the view's context menu the argument is the row.
  const node =
    typeof arg === 'object' && arg !== null && (arg as IncidentNode).kind === 'incident'
      ? (arg as IncidentNode)
      : undefined;
  const options = (
    !node && typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri) ? arg : {}
  ) as ShowRelatedOptions;
  const uri =
    node?.uri ??
    resolveUri(options.document) ??
    resolveUri(arg) ??
    vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage(
      'AI Postmortem: open a postmortem to see the postmortems related to it.',
    );
    return { related: [] };
  }
  await repository.ready;
  const index = repository.indexFor(uri);
  const document = await vscode.workspace.openTextDocument(uri);
  const self = await services.linter.record(document);
  if (!index || !self) {
    void vscode.window.showInformationMessage(
      `AI Postmortem: ${vscode.workspace.asRelativePath(uri)} is not a postmortem of this workspace.`,
    );
    return { related: [] };
  }
  const related = relatedPostmortems(self, index, (r) => repository.uriOf(r, uri));
  if (related.length === 0) {
    const why =
      self.classRoots.length === 0 && self.movedVariables.length === 0
        ? ': it names no `failure_classes` and no variable moved'
        : '';
    void vscode.window.showInformationMessage(
      `AI Postmortem: no other postmortem shares a failure class, or a service with the same moved variable, with ${label(self)}${why}.`,
    );
    return { related };
  }
  const chosen = options.choose
    ? await options.choose(related)
    : await pickRelated(related, `Postmortems related to ${label(self)}`);
  if (!chosen) return { related };
  await vscode.window.showTextDocument(chosen.uri, { preview: true });
  return { related, opened: chosen.uri };
}
