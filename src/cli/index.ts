/** Entry point of `dist/cli.js`: wires `main` to the process. */
import './precompiled.js';
import { main } from './main.js';

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  today: () => new Date().toISOString().slice(0, 10),
});
process.exitCode = code;
