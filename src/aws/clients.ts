// The one AWS client factory. Every SDK client of the bot and the CLI — diagnosis readers, the fixes' reads and
// writes, AssumeRole, the probe deployment, the state table — is built here, so they share one retry policy,
// enforced timeouts, and (where a consumer asks for them) call counting and pacing. Nothing here reads the
// environment: the settings come from src/config.ts through the composition roots.

import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53ResolverClient } from '@aws-sdk/client-route53resolver';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsService, CallCounter } from '../diagnosis/call-counter.js';
import type { Pacer } from './pacing.js';

/** How long one attempt may take. Every client gets one, and it is enforced (throwOnRequestTimeout). */
export interface Timeouts {
  /** Whole request per attempt, in ms. */
  requestTimeoutMs: number;
  /** TCP connect, in ms. */
  connectionTimeoutMs: number;
}

/**
 * The timeout of each kind of use, in one table. A diagnosis read must not hold a report for long; a fix's
 * write may take API Gateway longer (the message of a timed-out fix quotes its 10 s); the state table sits on
 * the path of every Slack request; a probe deployment uploads a zip.
 */
export const TIMEOUTS = {
  diagnosis: { requestTimeoutMs: 5000, connectionTimeoutMs: 2000 },
  remediation: { requestTimeoutMs: 10_000, connectionTimeoutMs: 5000 },
  stateTable: { requestTimeoutMs: 3000, connectionTimeoutMs: 2000 },
  probeDeploy: { requestTimeoutMs: 30_000, connectionTimeoutMs: 5000 },
} as const satisfies Record<string, Timeouts>;

/** The retry policy when the configuration names none (APIGW_DIAGNOSE_MAX_ATTEMPTS, read in config.ts). */
export { DEFAULT_MAX_ATTEMPTS } from '../config.js';

/** What every client of one process shares. */
export interface AwsClientSettings {
  /** Attempts per operation, first try included; the SDK's standard mode backs off between them. */
  maxAttempts: number;
  /** Sends every client to this URL (tests). Unset, the SDK's own AWS_ENDPOINT_URL(_*) handling applies. */
  endpoint?: string;
  /** Paces operations below AWS's per-account limits; one per process (see pacing.ts). */
  pacer?: Pacer;
  /** Replaces the timeouts of every use (tests that must see a timeout quickly). */
  timeouts?: Timeouts;
}

/** What one consumer asks of the clients it gets. */
export interface ClientUse {
  /** Null: the SDK's default region chain (only the state table, which may run before any command). */
  region: string | null;
  /** Which row of TIMEOUTS applies, unless the settings replace it. */
  timeouts: Timeouts;
  /** Credentials other than the default chain (e.g. an assumed remediation role). */
  credentials?: AwsCredentialsProvider;
  /** Receives one count per operation (retries included in that one): the report's `stats.awsCalls`. */
  counter?: CallCounter;
  /**
   * Which budget of the pacer the calls take from: AWS's limits are per account and region, so clients of
   * another account's role pace apart from the home account's. Default: the region.
   */
  paceKey?: string;
}

export type AwsCredentialsProvider = () => Promise<{
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}>;

/** The smallest common shape of an SDK v3 client: its middleware stack. */
interface Instrumentable {
  middlewareStack: { add(middleware: never, options: MiddlewareOptions): void };
}
type ClientClass<C> = new (config: never) => C;
type MiddlewareOptions = { step: 'initialize'; name: string };

/** Services that are paced but have no column in `stats.awsCalls` of their own (and so are not counted). */
type OtherService = 'dynamodb' | 'organizations';
const UNCOUNTED: ReadonlySet<string> = new Set<OtherService>(['dynamodb', 'organizations']);

function isCounted(service: AwsService | OtherService): service is AwsService {
  return !UNCOUNTED.has(service);
}

/**
 * Builds one SDK client with the shared settings. `service` names the pacing budget and the `stats.awsCalls`
 * column: API Gateway v2 counts as `apigateway` (one IAM service, one control-plane limit).
 */
export function makeClient<C extends Instrumentable>(
  Client: ClientClass<C>,
  service: AwsService | OtherService,
  settings: AwsClientSettings,
  use: ClientUse,
): C {
  const timeouts = settings.timeouts ?? use.timeouts;
  const config = {
    ...(use.region === null ? {} : { region: use.region }),
    // The SDK's standard retry mode backs off on throttling errors; we only choose how many attempts.
    maxAttempts: settings.maxAttempts,
    // The options-object form avoids importing @smithy/node-http-handler, which is not our direct
    // dependency. Without throwOnRequestTimeout the handler only logs a warning when requestTimeout passes.
    requestHandler: {
      requestTimeout: timeouts.requestTimeoutMs,
      connectionTimeout: timeouts.connectionTimeoutMs,
      throwOnRequestTimeout: true,
    },
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(use.credentials === undefined ? {} : { credentials: use.credentials }),
  };
  // `never`: the clients' config types differ only in names of the same shapes (the Route 53 Resolver
  // client is built on an older Smithy), and this one object fits them all.
  const client = new Client(config as never);
  // The initialize step runs once per operation, before the retry loop: retries are neither counted nor
  // paced again (the SDK's own backoff spaces them).
  const { counter } = use;
  if (counter && isCounted(service)) {
    client.middlewareStack.add(countingMiddleware(counter, service) as never, countStep);
  }
  const { pacer } = settings;
  if (pacer) {
    client.middlewareStack.add(
      pacingMiddleware(pacer, use.paceKey ?? use.region ?? 'default', service) as never,
      paceStep,
    );
  }
  return client;
}

export interface AwsClients {
  apiGateway: APIGatewayClient;
  /** Custom domains' routing rules (ListRoutingRules): counted and paced as `apigateway`. */
  apiGatewayV2: ApiGatewayV2Client;
  ec2: EC2Client;
  logs: CloudWatchLogsClient;
  lambda: LambdaClient;
  cloudTrail: CloudTrailClient;
  sts: STSClient;
  route53Resolver: Route53ResolverClient;
  route53: Route53Client;
}

/**
 * The read clients of one diagnosis, sharing region, retries, timeouts and one counter. (The fixes build the
 * few they need with makeClient.)
 *
 * Counting design: the counter is bound at creation, and each diagnosis gets a fresh client set (and
 * counter). Client creation is cheap (no I/O until the first call), and this avoids threading a per-call
 * counter through a shared client, which would be easy to get wrong under concurrent diagnoses.
 */
export function createAwsClients(settings: AwsClientSettings, use: ClientUse): AwsClients {
  const make = <C extends Instrumentable>(Client: ClientClass<C>, service: AwsService) =>
    makeClient(Client, service, settings, use);
  return {
    apiGateway: make(APIGatewayClient, 'apigateway'),
    apiGatewayV2: make(ApiGatewayV2Client, 'apigateway'),
    ec2: make(EC2Client, 'ec2'),
    logs: make(CloudWatchLogsClient, 'logs'),
    lambda: make(LambdaClient, 'lambda'),
    cloudTrail: make(CloudTrailClient, 'cloudtrail'),
    sts: make(STSClient, 'sts'),
    route53Resolver: make(Route53ResolverClient, 'route53resolver'),
    route53: make(Route53Client, 'route53'),
  };
}

const countStep = { step: 'initialize', name: 'apigwDiagnoseCallCounter' } as const;
const paceStep = { step: 'initialize', name: 'apigwDiagnosePacer' } as const;

/**
 * Operations with a tighter limit of their own than their service's, paced in a bucket of their own as well:
 * GetResources allows 5 requests per 2 s per account (domain-reference, API Gateway limits).
 */
const OWN_BUDGET_OPERATIONS = new Set(['apigateway:GetResources']);

function pacingMiddleware(pacer: Pacer, region: string, service: string) {
  return <Args, Result>(next: (args: Args) => Promise<Result>, context?: { commandName?: string }) =>
    async (args: Args): Promise<Result> => {
      await pacer.take(region, service);
      const operation = `${service}:${(context?.commandName ?? '').replace(/Command$/, '')}`;
      if (OWN_BUDGET_OPERATIONS.has(operation)) await pacer.take(region, operation);
      return next(args);
    };
}

function countingMiddleware(counter: CallCounter, service: AwsService) {
  return <Args, Result>(next: (args: Args) => Promise<Result>) =>
    async (args: Args): Promise<Result> => {
      counter.increment(service);
      return next(args);
    };
}
