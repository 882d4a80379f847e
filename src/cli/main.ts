#!/usr/bin/env node
// The `apigw-diagnose` executable.
// The AWS SDK's warning that its releases from January 2027 need Node ≥ 22 is left on: on Node 20 it is true.

import module from 'node:module';
import { runCli } from './run.js';

// Node ≥ 22.1 can keep the compiled code of the modules on disk (the AWS SDK is most of a diagnosis's start-up);
// older Node has no such cache and skips this.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

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
