// The environment in which the AWS SDK and the tool talk only to a loopback AWS (moto_server, or a proxy in
// front of it), shared by the demo, the sandbox, the benchmarks and the stress runs: dummy credentials (moto
// accepts any), no instance-metadata probe, no ~/.aws files, no Node-20 notice from the SDK, and one attempt per
// call (moto answers what it lacks, such as CloudTrail LookupEvents, with an HTML 500: retrying it would time
// moto's gap, not the tool).

import { REGION } from './seed-scenarios.mjs';

export const OFFLINE_AWS_ENV = Object.freeze({
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  APIGW_DIAGNOSE_MAX_ATTEMPTS: '1',
});

/** What a benchmark run in this process keeps when its caller set it: their credentials and their attempts. */
const KEPT_WHEN_SET = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'APIGW_DIAGNOSE_MAX_ATTEMPTS']);

/** A child process's AWS environment: OFFLINE_AWS_ENV, every client sent to `endpointUrl`, in REGION. */
export function offlineAwsEnv(endpointUrl) {
  return { AWS_ENDPOINT_URL: endpointUrl, AWS_REGION: REGION, ...OFFLINE_AWS_ENV };
}

/**
 * Puts OFFLINE_AWS_ENV into this process's environment, for an engine run in-process (the endpoint is set once
 * known); the caller's own credentials and APIGW_DIAGNOSE_MAX_ATTEMPTS are kept.
 */
export function useOfflineAwsInProcess() {
  for (const [name, value] of Object.entries(OFFLINE_AWS_ENV)) {
    if (KEPT_WHEN_SET.has(name)) process.env[name] ??= value;
    else process.env[name] = value;
  }
}
