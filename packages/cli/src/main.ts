#!/usr/bin/env node
import { runCli } from './program.js';

// exitCode rather than process.exit(): pending stdout writes to a pipe are flushed first.
process.exitCode = await runCli(process.argv);
