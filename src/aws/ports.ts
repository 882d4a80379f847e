import type { AwsPorts } from '../diagnosis/ports.js';
import { SdkApiGatewayReader } from './api-gateway-reader.js';
import { CallCounter } from './call-counter.js';
import { createAwsClients } from './clients.js';
import { SdkCloudTrailReader } from './cloudtrail-reader.js';
import { SdkDnsReader } from './dns-reader.js';
import { SdkEc2Reader } from './ec2-reader.js';
import { LambdaProbeRunner } from './lambda-probe-runner.js';
import { SdkLogsReader } from './logs-reader.js';
import type { Pacer } from './pacing.js';
import { SdkIdentityReader } from './sts-reader.js';

export interface AwsPortsOptions {
  /** PROBE_FUNCTION: a name or a `vpc-…=name,…` map; default the environment variable. */
  probeFunction?: string;
  maxAttempts?: number;
  requestTimeoutMs?: number;
  /** Sends every client to this URL (tests); unset, the SDK honours AWS_ENDPOINT_URL(_*) itself. */
  endpoint?: string;
  /** Shared by every diagnosis of the process so that together they stay below AWS's per-account limits. */
  pacer?: Pacer;
}

/** The AWS side of one diagnosis: fresh clients and a fresh call counter, so counts never mix. */
export function createAwsPorts(region: string, options: AwsPortsOptions = {}): AwsPorts {
  const counter = new CallCounter();
  const { maxAttempts, requestTimeoutMs, endpoint, pacer } = options;
  const clients = createAwsClients(region, { counter, maxAttempts, requestTimeoutMs, endpoint, pacer });
  const probeFunction = options.probeFunction ?? process.env.PROBE_FUNCTION;
  return {
    apiGateway: new SdkApiGatewayReader(clients.apiGateway),
    ec2: new SdkEc2Reader(clients.ec2),
    logs: new SdkLogsReader(clients.logs),
    cloudTrail: new SdkCloudTrailReader(clients.cloudTrail),
    identity: new SdkIdentityReader(clients.sts),
    dns: new SdkDnsReader(clients.route53Resolver, clients.route53),
    probe: new LambdaProbeRunner(clients.lambda, { probeFunction }),
    region,
    callCounts: () => counter.snapshot(),
  };
}
