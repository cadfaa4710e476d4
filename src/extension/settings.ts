/**
 * Editor preferences only. Rules, severities and schemas live in `.postmortem.json`, shared with
 * CI, so that the editor and the CLI cannot disagree.
 */
import * as vscode from 'vscode';

export const SECTION = 'ai-postmortem';

export interface Settings {
  /** Milliseconds to wait after the last keystroke before linting. */
  readonly debounceMs: number;
  /** `onType`: lint while typing (debounced) and on save; `onSave`: only on open and save. */
  readonly run: 'onType' | 'onSave';
  /** Apply every safe fix when a postmortem is saved. */
  readonly fixOnSave: boolean;
  /** Milliseconds one lint may take in the worker (`lint.fileTimeout`, seconds; the CLI's `--file-timeout`). */
  readonly fileTimeoutMs: number;
}

/** The CLI's default `--file-timeout`, in seconds. */
export const DEFAULT_FILE_TIMEOUT_S = 20;

export function settings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const debounce = c.get<number>('lint.debounceMs', 300);
  const timeout = c.get<number>('lint.fileTimeout', DEFAULT_FILE_TIMEOUT_S);
  return {
    debounceMs: Number.isFinite(debounce) ? Math.max(0, Math.min(5000, debounce)) : 300,
    run: c.get<string>('lint.run', 'onType') === 'onSave' ? 'onSave' : 'onType',
    fixOnSave: c.get<boolean>('fixOnSave', false) === true,
    fileTimeoutMs: Math.round(
      1000 * (Number.isFinite(timeout) ? Math.max(0.05, Math.min(600, timeout)) : DEFAULT_FILE_TIMEOUT_S),
    ),
  };
}

/**
 * The endpoint of a trace backend from the user's settings only (`ai-postmortem.traceBackends.<name>.endpoint`,
 * scope `application`): a workspace's settings never decide where stored credentials are sent.
 */
export function traceBackendEndpoint(backend: string): string | undefined {
  const value = vscode.workspace
    .getConfiguration(SECTION)
    .inspect<string>(`traceBackends.${backend}.endpoint`)?.globalValue;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Phoenix's project from the user's settings only (`ai-postmortem.traceBackends.phoenix.project`, scope
 * `application`), like the endpoint: the trusted workspace's `.postmortem.json` names it otherwise.
 */
export function phoenixProject(): string | undefined {
  const value = vscode.workspace
    .getConfiguration(SECTION)
    .inspect<string>('traceBackends.phoenix.project')?.globalValue;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
