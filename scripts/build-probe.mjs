// Part of `npm run build` (after tsc): bundles the probe handler once, so an installed package or the Docker
// image can deploy the probe without esbuild (see src/probe/bundle.ts).

import { writeFileSync } from 'node:fs';
import { bundleProbeSource, PREBUILT_PROBE_FILE } from '../dist/probe/bundle.js';

const target = new URL(`../dist/probe/${PREBUILT_PROBE_FILE}`, import.meta.url);
writeFileSync(target, await bundleProbeSource());
