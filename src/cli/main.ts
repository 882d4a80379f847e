#!/usr/bin/env node
// The `apigw-diagnose` executable.

import { runCli } from './run.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `apigw-diagnose: unexpected error: ${error instanceof Error ? error.message : error}\n`,
    );
    process.exitCode = 1;
  },
);
