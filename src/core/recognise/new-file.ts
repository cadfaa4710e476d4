/** Where `postmortem new` and the editor's New Postmortem write, and what a file name says about the incident. */
import picomatch from 'picomatch/posix.js';
import type { ResolvedConfig } from '../config.js';
import { dirname, join } from '../path.js';

/** The folder of the config's first `files` glob with a static base (`docs/postmortems/**\/*.md` → `<config folder>/docs/postmortems`). */
export function configuredPostmortemFolder(config: ResolvedConfig): string | undefined {
  if (!config.path || config.raw.files === undefined) return undefined;
  for (const glob of config.raw.files) {
    const { base } = picomatch.scan(glob);
    if (base && base !== '.' && !base.startsWith('!')) return join(dirname(config.path), base);
  }
  return undefined;
}

/** The incident date a file name starts with (`2025-03-14-refunds.md`), when it is a real day. */
export function dateInName(name: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?![\d])/.exec(name);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
    ? m[0]
    : undefined;
}

/** `<date>-<slug>.md`, the name teams give postmortems in their folder. */
export function datedFileName(date: string, title: string | undefined): string {
  const slug =
    (title ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'incident';
  return `${date}-${slug}.md`;
}
