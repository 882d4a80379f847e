import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { Route53ResolverClient } from '@aws-sdk/client-route53resolver';

export const REGION: string;
export const ACCOUNT_ID: string;
export const STAGE: string;

export interface SeedClients {
  apiGateway: APIGatewayClient;
  ec2: EC2Client;
  logs: CloudWatchLogsClient;
  route53: Route53Client;
  route53Resolver: Route53ResolverClient;
}

/** What a seeded scenario is and what a correct diagnosis of it reports. */
export interface Expectation {
  verdict: 'broken' | 'degraded' | 'healthy' | 'inconclusive';
  primaryCause: string | null;
  /** Finding codes the report must contain (the primary cause included). */
  findings: string[];
  /** Finding codes the report must not contain. */
  absent?: string[];
  /** Per finding code, fields its finding must have (matched as a subset: severity, remediations, evidence…). */
  findingFields?: Record<string, Record<string, unknown>>;
}

export interface SeededScenario {
  name: string;
  apiId: string;
  stage: string | null;
  /** The caller's VPC. */
  vpcId: string;
  /** The caller VPC's execute-api endpoint, if it has one. */
  vpceId: string | null;
  /** The CLI's first argument: the API id, or an invoke URL when the URL form matters. */
  target: string;
  /** Extra CLI arguments such as --vpc, --sg, --stage. */
  args: string[];
  expected: Expectation;
}

export interface Scenario {
  name: string;
  /** The condition, phrased to follow "when …". */
  summary: string;
  expected: Expectation;
  seed(clients: SeedClients): Promise<SeededScenario>;
}

export const SCENARIOS: Scenario[];
export function createSeedClients(endpoint: string): SeedClients;
export function scenarioNamed(name: string): Scenario;
/** Seeds one scenario into the emulator at `endpoint` (reset it first). */
export function seedScenario(name: string, endpoint: string): Promise<SeededScenario>;

export const PRODUCER_ACCOUNT: string;
export const CONSUMER_ACCOUNT: string;
export const READ_ROLE: string;

export function createAccountClients(endpoint: string, accountId: string): Promise<SeedClients>;

export interface CrossAccountOptions {
  network?: { privateDns?: boolean; ingressPort?: number };
  allowVpce?: string;
  logsNameEndpoint?: boolean;
}

export interface SeededCrossAccount {
  apiId: string;
  stage: string;
  /** The consumer's VPC and endpoint. */
  vpcId: string;
  vpceId: string;
  /** The private-DNS invoke URL of the stage. */
  url: string;
}

export function seedCrossAccount(
  endpoint: string,
  options?: CrossAccountOptions,
): Promise<SeededCrossAccount>;
