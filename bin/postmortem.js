#!/usr/bin/env node
// The `postmortem` command: the bundled CLI (built by `npm run build`).
import '../dist/cli.js';
