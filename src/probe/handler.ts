// The in-VPC probe Lambda's entry point (runtime nodejs24.x, handler `index.handler` once bundled by
// src/probe/bundle.ts). Node built-ins only: it needs no AWS permission and no SDK.
// An invalid input throws, which Lambda reports as a FunctionError the engine shows as a probe error.

import { runProbe } from './run-probe.js';
import { type ProbeOutput, parseProbeInput } from './schema.js';

export const handler = async (event: unknown): Promise<ProbeOutput> => runProbe(parseProbeInput(event));
