// The report contract of spec §3 (schemaVersion 1) and the types the checks share.
// This module — like everything under src/diagnosis — imports neither the AWS SDK nor Slack.

import type { FindingCode } from './catalogue.js';
import type { Ownership } from './model/ownership.js';

/** `custom-domain`: a private custom domain name (any host that is not an execute-api one), e.g. api.example.internal. */
export type UrlForm = 'private-dns' | 'vpce-alias' | 'vpce-hostname' | 'custom-domain' | 'none';
export type Severity = 'error' | 'warning' | 'info';
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skipped' | 'error';
export type Verdict = 'broken' | 'degraded' | 'healthy' | 'inconclusive';
/**
 * The fixes a finding can call for (spec §5), in the order their buttons appear. The fix registry
 * (src/remediation/registry.ts) implements exactly these ids. `rerun` is a Slack button offered with every
 * report, not a remediation, so no finding carries it.
 */
export const REMEDIATION_IDS = [
  'enable-logging',
  'enable-private-dns',
  'redeploy-stage',
  'allow-endpoint-in-policy',
] as const;
export type RemediationId = (typeof REMEDIATION_IDS)[number];

export type CheckId =
  | 'api'
  | 'stage'
  | 'resource-policy'
  | 'vpc-endpoint'
  | 'private-dns'
  | 'dns-rules'
  | 'dns-firewall'
  | 'invoke-url'
  | 'endpoint-access'
  | 'custom-domain'
  | 'security-groups'
  | 'network-acls'
  | 'endpoint-policy'
  | 'route'
  | 'logging-config'
  | 'execution-logs'
  | 'probe-request-logs'
  | 'deployment'
  | 'probe';

/** Evidence is a flat-ish JSON object a human can verify (ids, the statement that decided, the log line…). */
export type Evidence = Record<string, unknown>;

export interface Finding {
  code: FindingCode;
  severity: Severity;
  check: CheckId;
  title: string;
  /**
   * Everything the finding says, in reading order: cause, explanation, fix, caveat (spec §3). The typed parts
   * below come from the same text; renderers choose among them and never cut sentences out of `detail`.
   */
  detail: string;
  /** What is wrong, in one sentence that stands on its own. */
  cause: string;
  /** What to do, in whole instruction sentences; null when there is nothing for the user to do. */
  fix: string | null;
  /** A shorter instruction for places with little room (the channel message), when `fix` is long. */
  shortFix?: string;
  /** The ids of the resources the finding is about (API, stage, VPC endpoint, security group, rule…). */
  resources: string[];
  evidence: Evidence;
  remediations: RemediationId[];
  /**
   * The account the finding is about: a consumer's for its endpoint, VPC or security groups, the API's for the
   * API, its stage and policy. Null when the account could not be read. Set when the report is built.
   */
  accountId?: string | null;
}

export interface CheckResult {
  id: CheckId;
  status: CheckStatus;
  durationMs: number;
  /** Why the check was skipped or errored; for a check that ran, an optional note on what it saw. */
  reason?: string;
}

export interface Target {
  apiId: string;
  region: string;
  stage: string | null;
  /** The API's account (the producer). */
  accountId: string | null;
  /** The accounts of the caller VPCs examined, when the tool reads several accounts (else empty). */
  consumerAccountIds?: string[];
  urlForm: UrlForm;
  vpcId: string | null;
  vpcEndpointIds: string[];
  /** Who manages the API, its stage and the caller's endpoints, as their tags tell; absent when no tag does. */
  managedBy?: ManagedBy;
}

/** The resources of a report that infrastructure as code manages (model/ownership.ts), by role. */
export interface ManagedBy {
  api?: Ownership;
  stage?: Ownership;
  /** VPC endpoint id → its owner. */
  endpoints?: Record<string, Ownership>;
}

export interface AwsCallStats {
  apigateway: number;
  ec2: number;
  logs: number;
  lambda: number;
  cloudtrail: number;
  sts: number;
  route53resolver: number;
  route53: number;
}

export interface Report {
  schemaVersion: 1;
  target: Target;
  verdict: Verdict;
  primaryCause: FindingCode | null;
  findings: Finding[];
  checks: CheckResult[];
  stats: { durationMs: number; awsCalls: AwsCallStats };
}

/** What the user asked for: the output of the command parser (spec §2). */
export interface DiagnosisRequest {
  apiId: string;
  region: string | null;
  stage: string | null;
  urlForm: UrlForm;
  /** The URL the user pasted, if any (without query string). */
  url: string | null;
  vpcId: string | null;
  vpceId: string | null;
  callerSecurityGroupIds: string[];
  /**
   * The private custom domain name the caller uses (a custom-domain URL or --domain), with the URL's first path
   * segment as the base path ('' for the root; null when only --domain named it), or null.
   */
  customDomain: { name: string; basePath: string | null } | null;
  /** Look-back window for execution logs, in milliseconds. */
  sinceMs: number;
  probe: boolean;
  /** The failing call's HTTP method (`--method`), upper case; absent or null: any method. */
  method?: string | null;
  /** The API's account (`--account`), when the tool reads several: it is then read there without searching. */
  accountId?: string | null;
}
