/** Shared helpers of the in-editor suite: fixture URIs, scratch files, and event-driven waits (never sleeps). */
import * as vscode from 'vscode';
import type { Api } from '../../../src/extension/extension.js';

export const EXTENSION_ID = 'ai-postmortem.ai-postmortem';

export async function api(): Promise<Api> {
  const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed`);
  return extension.activate();
}

export function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs the fixture workspace open');
  return folder.uri;
}

export function at(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(root(), ...relative.split('/'));
}

export async function read(relative: string): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(at(relative)));
}

let counter = 0;
/** A new file under `scratch/` with `text`, so tests that edit never touch the parity fixtures. */
export async function scratch(text: string, extension = '.postmortem.md'): Promise<vscode.Uri> {
  const uri = at(`scratch/case-${Date.now().toString(36)}-${counter++}${extension}`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ai-postmortem');
}

/** Resolves with the diagnostics of `uri` once `accept` holds: checked now, then on every change event. */
export function diagnosticsWhere(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const current = ours(uri);
      if (!accept(current)) return false;
      resolve(current);
      return true;
    };
    if (check()) return;
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString()) && check()) sub.dispose();
    });
  });
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}

export const BROKEN = `---
kind: postmortem
id: PM-2026-031
title: Refund agent approved refunds outside the policy
date: 2026-03-14
severity: sev2
status: drafty
---

# Refund agent approved refunds outside the policy

## Summary

Text.
`;

/** Resolves once `accept` holds for the extension's repository index: checked now, then on every change of it. */
export async function repositoryWhere(accept: (paths: string[]) => boolean): Promise<string[]> {
  const { repository } = await api();
  await repository.ready;
  const paths = (): string[] =>
    repository.entries().map((e) => vscode.workspace.asRelativePath(e.uri, false));
  return new Promise((resolve) => {
    if (accept(paths())) return resolve(paths());
    const sub = repository.onDidChange(() => {
      if (accept(paths())) {
        sub.dispose();
        resolve(paths());
      }
    });
  });
}
