/**
 * The "AI Postmortem" output channel, keeping a bounded copy of what was written to it, so that
 * the in-editor tests can prove what a user could read there (for instance, that no credential
 * ever reaches it). VS Code offers no API to read an output channel back.
 */
import * as vscode from 'vscode';

/** Characters of the copy kept (the newest ones). */
const KEEP = 256 * 1024;

export class RecordedOutput implements vscode.OutputChannel {
  readonly #channel: vscode.OutputChannel;
  #text = '';

  constructor(name: string) {
    this.#channel = vscode.window.createOutputChannel(name);
  }

  get name(): string {
    return this.#channel.name;
  }

  /** Everything written since the last `clear` (at most the newest 256 KiB). */
  get text(): string {
    return this.#text;
  }

  #keep(value: string): void {
    this.#text = (this.#text + value).slice(-KEEP);
  }

  append(value: string): void {
    this.#keep(value);
    this.#channel.append(value);
  }

  appendLine(value: string): void {
    this.#keep(`${value}\n`);
    this.#channel.appendLine(value);
  }

  replace(value: string): void {
    this.#text = value.slice(-KEEP);
    this.#channel.replace(value);
  }

  clear(): void {
    this.#text = '';
    this.#channel.clear();
  }

  show(preserveFocus?: boolean): void;
  show(column?: vscode.ViewColumn, preserveFocus?: boolean): void;
  show(a?: boolean | vscode.ViewColumn, b?: boolean): void {
    if (typeof a === 'boolean' || a === undefined) this.#channel.show(a);
    else this.#channel.show(a, b);
  }

  hide(): void {
    this.#channel.hide();
  }

  dispose(): void {
    this.#channel.dispose();
  }
}
