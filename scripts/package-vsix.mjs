// `npm run package`: builds the .vsix. vsce refuses a .vscodeignore together with the npm `files`
// field, which the CLI package needs, so the allowlisted files are staged in dist/vsix-stage/ with
// a manifest trimmed to what VS Code reads, and vsce packages that folder. Prints the size.
// `--list` stages and prints what the .vsix would hold (`vsce ls`), one path a line, without packaging.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stage = path.join(root, 'dist/vsix-stage');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

// The allowlist is .vscodeignore's `!` lines; simple globs only (`dir/*.ext` or a file).
const allow = readFileSync(path.join(root, '.vscodeignore'), 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('!'))
  .map((l) => l.slice(1).trim());

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const pattern of allow) {
  const dir = path.dirname(pattern);
  const base = path.basename(pattern);
  const from = path.join(root, dir);
  if (!existsSync(from)) continue;
  const re = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  for (const name of base.includes('*') ? (await import('node:fs')).readdirSync(from) : [base]) {
    if (!re.test(name) || !existsSync(path.join(from, name)) || !statSync(path.join(from, name)).isFile())
      continue;
    cpSync(path.join(from, name), path.join(stage, dir, name));
  }
}
if (!existsSync(path.join(stage, 'dist/extension.cjs')))
  throw new Error('dist/extension.cjs is missing: run `npm run build` first');
const {
  files: _files,
  scripts: _scripts,
  devDependencies: _dev,
  dependencies: _deps,
  bin: _bin,
  type: _type,
  ...manifest
} = pkg;
writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
cpSync(path.join(root, '.vscodeignore'), path.join(stage, '.vscodeignore'));

const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
if (process.argv.includes('--list')) {
  execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], {
    cwd: stage,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
} else {
  const out = path.join(root, 'dist', `${pkg.name}-${pkg.version}.vsix`);
  // README links resolve against the repository (package.json `repository`), where README.md lives.
  const repo = String(pkg.repository?.url ?? pkg.repository)
    .replace(/^git\+/, '')
    .replace(/\.git$/, '');
  execFileSync(
    process.execPath,
    [
      vsce,
      'package',
      '--no-dependencies',
      '--baseContentUrl',
      `${repo}/blob/main`,
      '--baseImagesUrl',
      `${repo}/raw/main`,
      '--out',
      out,
    ],
    {
      cwd: stage,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const size = statSync(out).size;
  console.log(`${path.relative(root, out)}: ${(size / 1024).toFixed(1)} KiB`);
}
