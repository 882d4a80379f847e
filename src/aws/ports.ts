import { CallCounter } from '../diagnosis/call-counter.js';
import type { AwsPorts } from '../diagnosis/ports.js';
import { SdkApiGatewayReader } from './api-gateway-reader.js';
import { SdkApiGatewayV2Reader } from './api-gateway-v2-reader.js';
import {
  type AwsClientSettings,
  type AwsCredentialsProvider,
  createAwsClients,
  TIMEOUTS,
} from './clients.js';
import { SdkCloudTrailReader } from './cloudtrail-reader.js';
import { SdkDnsReader } from './dns-reader.js';
import { SdkEc2Reader } from './ec2-reader.js';
import { LambdaProbeRunner } from './lambda-probe-runner.js';
import { SdkLogsReader } from './logs-reader.js';
import { SdkIdentityReader } from './sts-reader.js';

export interface AwsPortsOptions {
  /** PROBE_FUNCTION: a name or a `vpc-…=name,…` map; unset, probes are found by their name prefix. */
  probeFunction?: string;
  /** Another account's credentials (an assumed role); unset, the SDK's default chain. */
  credentials?: AwsCredentialsProvider;
  /** Counts into this counter (one diagnosis across several accounts); unset, a fresh one. */
  counter?: CallCounter;
  /** The pacer budget these calls take from (per account and region); unset, the region's. */
  paceKey?: string;
}

/** The AWS side of one diagnosis: fresh clients and a fresh call counter, so counts never mix. */
export function createAwsPorts(
  region: string,
  settings: AwsClientSettings,
  options: AwsPortsOptions = {},
): AwsPorts {
  const counter = options.counter ?? new CallCounter();
  const clients = createAwsClients(settings, {
    region,
    timeouts: TIMEOUTS.diagnosis,
    counter,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.paceKey ? { paceKey: options.paceKey } : {}),
  });
  return {
    apiGateway: new SdkApiGatewayReader(clients.apiGateway, new SdkApiGatewayV2Reader(clients.apiGatewayV2)),
    ec2: new SdkEc2Reader(clients.ec2),
    logs: new SdkLogsReader(clients.logs),
    cloudTrail: new SdkCloudTrailReader(clients.cloudTrail),
    identity: new SdkIdentityReader(clients.sts),
    dns: new SdkDnsReader(clients.route53Resolver, clients.route53),
    probe: new LambdaProbeRunner(clients.lambda, { probeFunction: options.probeFunction }),
    region,
    callCounts: () => counter.snapshot(),
  };
}
