// Builds the probe's deployment package: one CommonJS file, zipped.
// CommonJS rather than ESM because Lambda reads `index.js` as CommonJS unless a package.json says otherwise,
// and the handler uses Node built-ins only, so there is no bundled `require` that an ESM bundle would need a
// createRequire banner for. The zip has a fixed timestamp so identical code gives an identical CodeSha256,
// which lets `probe deploy` skip a code update that would change nothing.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { zipSync } from 'fflate';

/** The Lambda handler setting for the bundle: file index.js, export `handler`. */
export const PROBE_HANDLER = 'index.handler';
export const PROBE_RUNTIME = 'nodejs20.x';

export interface ProbeBundle {
  zip: Uint8Array;
  /** Base64 SHA-256 of the zip, the form Lambda reports as CodeSha256. */
  sha256: string;
  bytes: number;
}

/** The handler's source beside this module: compiled `handler.js` under dist/, `handler.ts` when run from src/. */
export function probeEntryPoint(): string {
  for (const file of ['handler.js', 'handler.ts']) {
    const path = fileURLToPath(new URL(`./${file}`, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('the probe handler (handler.js or handler.ts) is missing beside src/probe/bundle');
}

export async function buildProbeBundle(): Promise<ProbeBundle> {
  const result = await build({
    entryPoints: [probeEntryPoint()],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    minify: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error('esbuild produced no output for the probe handler');
  const zip = zipSync({ 'index.js': [code, { mtime: new Date('2000-01-01T00:00:00Z') }] }, { level: 9 });
  return { zip, sha256: createHash('sha256').update(zip).digest('base64'), bytes: zip.length };
}
