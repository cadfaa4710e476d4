/** Preloaded with `node --import`: writes the process's peak resident set size (KiB) to `PM_RSS_FILE` at exit. */
import { writeFileSync } from 'node:fs';

const file = process.env['PM_RSS_FILE'];
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
