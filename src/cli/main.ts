#!/usr/bin/env node
// The `apigw-diagnose` executable.

import { runCli } from './run.js';

// The SDK warns on every run that releases after January 2027 need Node 22; the pinned version supports Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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
