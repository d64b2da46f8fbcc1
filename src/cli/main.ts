#!/usr/bin/env node
/** The `sweepscope` executable. */
import { runCli } from './program.js';

// `sweepscope plan | head` closes stdout early: the reader's choice, not a failure to report
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
});

process.exitCode = await runCli(process.argv);
