// The version `apigw-diagnose --version` prints: package.json's, read at run time so it cannot drift.
// The file sits two folders up from this module both in src/cli and in the built dist/cli.

import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  if (typeof manifest.version !== 'string') throw new Error('package.json has no version');
  return manifest.version;
}
