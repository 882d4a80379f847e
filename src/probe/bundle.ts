// Builds the probe's deployment package: one CommonJS file, zipped.
// CommonJS rather than ESM because Lambda reads `index.js` as CommonJS unless a package.json says otherwise,
// and the handler uses Node built-ins only, so there is no bundled `require` that an ESM bundle would need a
// createRequire banner for. The zip has a fixed timestamp so identical code gives an identical CodeSha256,
// which lets `probe deploy` skip a code update that would change nothing.
//
// `npm run build` (and so `npm pack` and the Docker build) writes the bundled handler beside the compiled
// module as PREBUILT_PROBE_FILE, so an installed package deploys the probe without esbuild, which is a
// development dependency only. Run from the sources (tests), the handler is bundled on demand.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { PROBE_NODE_TARGET } from './runtime.js';

export { PROBE_HANDLER, PROBE_NODE_TARGET, PROBE_RUNTIME } from './runtime.js';

/** The bundled handler `npm run build` writes beside this module (dist/probe/). */
export const PREBUILT_PROBE_FILE = 'probe-handler.cjs';

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

/** The deployment package: the prebuilt handler when the build made one, else the handler bundled now. */
export async function buildProbeBundle(): Promise<ProbeBundle> {
  const prebuilt = fileURLToPath(new URL(`./${PREBUILT_PROBE_FILE}`, import.meta.url));
  const code = existsSync(prebuilt) ? new Uint8Array(readFileSync(prebuilt)) : await bundleProbeSource();
  return zipProbe(code);
}

/** Bundles the handler and its modules into one CommonJS file with esbuild (a development dependency). */
export async function bundleProbeSource(): Promise<Uint8Array> {
  const { build } = await loadEsbuild();
  const result = await build({
    entryPoints: [probeEntryPoint()],
    bundle: true,
    platform: 'node',
    target: PROBE_NODE_TARGET,
    format: 'cjs',
    write: false,
    minify: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error('esbuild produced no output for the probe handler');
  return code;
}

export function zipProbe(code: Uint8Array): ProbeBundle {
  const zip = zipSync({ 'index.js': [code, { mtime: new Date('2000-01-01T00:00:00Z') }] }, { level: 9 });
  return { zip, sha256: createHash('sha256').update(zip).digest('base64'), bytes: zip.length };
}

async function loadEsbuild(): Promise<typeof import('esbuild')> {
  try {
    return await import('esbuild');
  } catch (error) {
    throw new Error(
      `esbuild is needed to bundle the probe from source (this copy has no prebuilt ${PREBUILT_PROBE_FILE}; ` +
        'run npm run build, or npm i -D esbuild)',
      { cause: error },
    );
  }
}
