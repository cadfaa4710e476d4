// Measure postmortem recognition on folders of Markdown files (docs/recognition.md):
//   node scripts/measure-recognition.mjs [--content-only] [--verbose] DIR...
// Each DIR is a root: folder names count from it. --content-only places every file in a neutral
// folder (`docs/`), so only its text decides. Needs `npm run build && npx tsc -b` first.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { DEFAULT_CONFIG, describeRecognition, recognisePostmortem } = await import(
  path.join(root, 'out/src/core/index.js')
);
const args = process.argv.slice(2);
const contentOnly = args.includes('--content-only');
const verbose = args.includes('--verbose');
const dirs = args.filter((a) => !a.startsWith('--'));
if (dirs.length === 0) {
  console.error('usage: node scripts/measure-recognition.mjs [--content-only] [--verbose] DIR...');
  process.exit(2);
}

function markdown(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === '.git' || name === 'node_modules') return [];
    return statSync(full).isDirectory() ? markdown(full) : /\.(md|markdown)$/i.test(name) ? [full] : [];
  });
}

const posix = (p) => p.split(path.sep).join('/');
for (const dir of dirs) {
  const files = markdown(path.resolve(dir)).sort();
  let taken = 0;
  for (const file of files) {
    const at = contentOnly ? `/measure/docs/${path.basename(file)}` : posix(file);
    const r = recognisePostmortem({
      path: at,
      text: readFileSync(file, 'utf8').replace(/^\uFEFF/, ''),
      config: DEFAULT_CONFIG,
      root: contentOnly ? '/measure' : posix(path.resolve(dir)),
    });
    if (r.postmortem) taken++;
    if (verbose || r.postmortem)
      console.log(
        `${r.postmortem ? 'taken' : 'left '} ${path.relative(dir, file)}: ${describeRecognition(r)}`,
      );
  }
  console.log(`${dir}: ${taken} of ${files.length} taken${contentOnly ? ' (content only)' : ''}`);
}
