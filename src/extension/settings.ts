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
}

export function settings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const debounce = c.get<number>('lint.debounceMs', 300);
  return {
    debounceMs: Number.isFinite(debounce) ? Math.max(0, Math.min(5000, debounce)) : 300,
    run: c.get<string>('lint.run', 'onType') === 'onSave' ? 'onSave' : 'onType',
    fixOnSave: c.get<boolean>('fixOnSave', false) === true,
  };
}

/**
 * The endpoint of a trace backend from the user's settings only (`ai-postmortem.traceBackends.<name>.endpoint`,
 * scope `application`): a workspace's settings never decide where stored credentials are sent.
 */
export function traceBackendEndpoint(backend: string): string | undefined {
  const value = vscode.workspace.getConfiguration(SECTION).inspect<string>(`traceBackends.${backend}.endpoint`)?.globalValue;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
