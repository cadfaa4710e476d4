#!/usr/bin/env node
// The `postmortem` and `ai-postmortem` commands (the second is what `npx ai-postmortem` runs): the
// bundled CLI, built by `npm run build` (and by `prepack` before `npm pack`).
import '../dist/cli.js';
