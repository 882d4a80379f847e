import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { Route53Client } from '@aws-sdk/client-route-53';
import { Route53ResolverClient, type Route53ResolverClientConfig } from '@aws-sdk/client-route53resolver';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsService, CallCounter } from './call-counter.js';
import type { Pacer } from './pacing.js';

export interface AwsClients {
  apiGateway: APIGatewayClient;
  ec2: EC2Client;
  logs: CloudWatchLogsClient;
  lambda: LambdaClient;
  cloudTrail: CloudTrailClient;
  sts: STSClient;
  route53Resolver: Route53ResolverClient;
  route53: Route53Client;
}

export interface AwsClientOptions {
  /** Attempts per operation, first try included; default APIGW_DIAGNOSE_MAX_ATTEMPTS or 3. */
  maxAttempts?: number;
  /** Whole-request timeout per attempt; default 5000 ms. */
  requestTimeoutMs?: number;
  /** TCP connect timeout; default 2000 ms. */
  connectionTimeoutMs?: number;
  /** Sends every client to this URL. Leave unset so the SDK's own AWS_ENDPOINT_URL(_*) handling applies. */
  endpoint?: string;
  /** Credentials other than the default chain (e.g. an assumed remediation role). */
  credentials?: LambdaClient['config']['credentials'];
  /** Receives one count per operation (retries included in that one). */
  counter?: CallCounter;
  /** Paces operations below AWS's per-account limits; share one across diagnoses (see pacing.ts). */
  pacer?: Pacer;
}

const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_REQUEST_TIMEOUT_MS = 5000;
const DEFAULT_CONNECTION_TIMEOUT_MS = 2000;

export function resolveMaxAttempts(explicit?: number): number {
  if (explicit !== undefined) return explicit;
  const fromEnv = Number.parseInt(process.env.APIGW_DIAGNOSE_MAX_ATTEMPTS ?? '', 10);
  return Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : DEFAULT_MAX_ATTEMPTS;
}

/**
 * One set of SDK clients sharing region, retries and timeouts.
 *
 * Counting design: the counter is bound at creation, and createAwsPorts creates a fresh client set (and
 * counter) per diagnosis. Client creation is cheap (no I/O until the first call), and this avoids threading
 * a per-call counter through a shared client, which would be easy to get wrong under concurrent diagnoses.
 */
export function createAwsClients(region: string, options: AwsClientOptions = {}): AwsClients {
  const config = {
    region,
    // The SDK's standard retry mode backs off on throttling errors; we only choose how many attempts.
    maxAttempts: resolveMaxAttempts(options.maxAttempts),
    // The options-object form avoids importing @smithy/node-http-handler, which is not our direct
    // dependency. Without throwOnRequestTimeout the handler only logs a warning when requestTimeout passes.
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    },
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  };
  const clients: AwsClients = {
    apiGateway: new APIGatewayClient(config),
    ec2: new EC2Client(config),
    logs: new CloudWatchLogsClient(config),
    lambda: new LambdaClient(config),
    cloudTrail: new CloudTrailClient(config),
    sts: new STSClient(config),
    // The Resolver client is the newest that npm publishes (3.654.0), built on an older Smithy: the shared
    // config object fits it, the credentials type differs only in name.
    route53Resolver: new Route53ResolverClient(config as Route53ResolverClientConfig),
    route53: new Route53Client(config),
  };
  const { counter, pacer } = options;
  // Generic middlewares fit every client's stack; the closures keep each client's own stack type.
  const stacks: [AwsService, (middleware: Middleware, options: MiddlewareOptions) => void][] = [
    ['apigateway', (m, o) => clients.apiGateway.middlewareStack.add(m, o)],
    ['ec2', (m, o) => clients.ec2.middlewareStack.add(m, o)],
    ['logs', (m, o) => clients.logs.middlewareStack.add(m, o)],
    ['lambda', (m, o) => clients.lambda.middlewareStack.add(m, o)],
    ['cloudtrail', (m, o) => clients.cloudTrail.middlewareStack.add(m, o)],
    ['sts', (m, o) => clients.sts.middlewareStack.add(m, o)],
    ['route53resolver', (m, o) => clients.route53Resolver.middlewareStack.add(m as never, o)],
    ['route53', (m, o) => clients.route53.middlewareStack.add(m, o)],
  ];
  // The initialize step runs once per operation, before the retry loop: retries are neither counted nor
  // paced again (the SDK's own backoff spaces them).
  for (const [service, add] of stacks) {
    if (counter) add(countingMiddleware(counter, service), countStep);
    if (pacer) add(pacingMiddleware(pacer, region, service), paceStep);
  }
  return clients;
}

type Middleware = ReturnType<typeof countingMiddleware>;
type MiddlewareOptions = { step: 'initialize'; name: string };

const countStep = { step: 'initialize', name: 'apigwDiagnoseCallCounter' } as const;
const paceStep = { step: 'initialize', name: 'apigwDiagnosePacer' } as const;

/**
 * Operations with a tighter limit of their own than their service's, paced in a bucket of their own as well:
 * GetResources allows 5 requests per 2 s per account (domain-reference, API Gateway limits).
 */
const OWN_BUDGET_OPERATIONS = new Set(['apigateway:GetResources']);

function pacingMiddleware(pacer: Pacer, region: string, service: AwsService) {
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
