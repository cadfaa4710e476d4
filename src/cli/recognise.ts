/**
 * The CLI's side of recognising postmortems: the repository root (found by its `.git`) that folder names count
 * from (`linter.ts` gives it to the linter instance, whose `recognise` asks the core).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const repositoryOf = new Map<string, string | undefined>();

/** The nearest folder at or above `dir` that holds `.git`, or `undefined`. */
export function repositoryRoot(dir: string): string | undefined {
  const chain: string[] = [];
  let found: string | undefined;
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (repositoryOf.has(d)) {
      found = repositoryOf.get(d);
      break;
    }
    chain.push(d);
    if (existsSync(path.join(d, '.git'))) {
      found = d;
      break;
    }
    if (path.dirname(d) === d) break;
  }
  for (const d of chain) repositoryOf.set(d, found);
  return found;
}
