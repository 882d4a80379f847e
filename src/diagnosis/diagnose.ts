// The engine's entry point: gather facts through the ports, run every pure check, build the report.

import { CHECK_SIDES, sideOf } from './catalogue.js';
import { apiCheck } from './checks/api.js';
import type { Check } from './checks/check.js';
import { customDomainCheck } from './checks/custom-domain.js';
import { deploymentCheck } from './checks/deployment.js';
import { dnsFirewallCheck } from './checks/dns-firewall.js';
import { dnsRulesCheck } from './checks/dns-rules.js';
import { endpointAccessCheck } from './checks/endpoint-access.js';
import { endpointPolicyCheck } from './checks/endpoint-policy.js';
import { executionLogsCheck } from './checks/execution-logs.js';
import { invokeUrlCheck } from './checks/invoke-url.js';
import { loggingConfigCheck } from './checks/logging-config.js';
import { networkAclsCheck } from './checks/network-acls.js';
import { privateDnsCheck } from './checks/private-dns.js';
import { probeCheck } from './checks/probe.js';
import { probeRequestLogsCheck } from './checks/probe-request-logs.js';
import { resourcePolicyCheck } from './checks/resource-policy.js';
import { routeCheck } from './checks/route.js';
import { runCheck, unreportedPermissions } from './checks/run-check.js';
import { securityGroupsCheck } from './checks/security-groups.js';
import { stageCheck } from './checks/stage.js';
import { vpcEndpointCheck } from './checks/vpc-endpoint.js';
import type { AwsFailureKind, Facts, Fetched } from './facts.js';
import { gatherFacts } from './gather.js';
import { ownershipFromTags } from './model/ownership.js';
import type { AccountScope, AwsPorts } from './ports.js';
import { buildReport, type RanCheck } from './report.js';
import type { CheckId, DiagnosisRequest, Finding, ManagedBy, Report, Target } from './types.js';

/** In request-path order, as the report lists them. */
export const CHECKS: readonly Check[] = [
  apiCheck,
  stageCheck,
  invokeUrlCheck,
  vpcEndpointCheck,
  privateDnsCheck,
  dnsFirewallCheck,
  dnsRulesCheck,
  securityGroupsCheck,
  networkAclsCheck,
  endpointAccessCheck,
  customDomainCheck,
  endpointPolicyCheck,
  routeCheck,
  resourcePolicyCheck,
  deploymentCheck,
  loggingConfigCheck,
  executionLogsCheck,
  probeCheck,
  probeRequestLogsCheck,
];

export interface DiagnoseOptions {
  now?: () => number;
  probeTimeoutMs?: number;
  /** Waits before each new search of the logs for the probe's request ids; default 3 s, then 5 s. */
  requestLogRetryDelaysMs?: readonly number[];
  /** The accounts to read (several when configured); unset, everything is read through `ports`. */
  accounts?: AccountScope;
}

/** Raised when not one AWS call got an answer: the CLI exits 3, Slack says AWS is unreachable. */
export class AwsUnreachableError extends Error {
  override readonly name = 'AwsUnreachableError';
}

export async function diagnose(
  request: DiagnosisRequest,
  ports: AwsPorts,
  options: DiagnoseOptions = {},
): Promise<Report> {
  const started = performance.now();
  const facts = await gatherFacts(request, ports, {
    now: options.now ?? Date.now,
    // A cold start of a VPC function plus the probe's 12 s budget.
    probeTimeoutMs: options.probeTimeoutMs ?? 20_000,
    ...(options.requestLogRetryDelaysMs ? { requestLogRetryDelaysMs: options.requestLogRetryDelaysMs } : {}),
    ...(options.accounts ? { accounts: options.accounts } : {}),
  });
  assertReachable(facts);

  const apiMissing = !facts.restApi.ok && facts.restApi.error.kind === 'not-found';
  const ran: RanCheck[] = CHECKS.map((check) => {
    if (apiMissing && check.id !== 'api') {
      return {
        id: check.id,
        outcome: { status: 'skipped', findings: [], reason: 'the API was not found' },
        durationMs: 0,
      };
    }
    return { id: check.id, outcome: runCheck(check, facts), durationMs: factLatency(check.id, facts) };
  });
  // A denied read no check named (say, one whose check was skipped) is still a missing permission to report.
  const extra = unreportedPermissions(
    facts,
    CHECKS,
    ran.flatMap((r) => r.outcome.findings),
  );
  for (const f of extra) {
    const owner = ran.find((r) => r.id === f.check);
    owner?.outcome.findings.push(f);
  }

  // Across accounts, every finding names the account where it is fixed; with one account nothing changes.
  if (facts.accounts.multiAccount) {
    for (const r of ran) for (const f of r.outcome.findings) f.accountId = accountOfFinding(f, facts);
  }
  return buildReport({
    target: targetOf(facts),
    ran,
    durationMs: Math.round(performance.now() - started),
    awsCalls: (options.accounts ?? ports).callCounts(),
  });
}

/**
 * The account a finding is about, which is where its fix is made: an account the finding names itself; on the
 * API's side (catalogue.ts, `sideOf`), the API's account; on the caller's side, the owner of the first of its
 * resources read in another account — else the API's account when an API-side check read them there, else the
 * owner of the probe's VPC for a probe finding, else unknown.
 */
export function accountOfFinding(finding: Finding, facts: Facts): string | null {
  const named = finding.resources.find((id) => /^\d{12}$/.test(id));
  if (named) return named;
  if (sideOf(finding) === 'api') return facts.accountId;
  const { owners } = facts.accounts;
  const owner = finding.resources.map((id) => owners[id]).find((a) => a !== undefined);
  if (owner) return owner;
  if (CHECK_SIDES[finding.check] === 'api') return facts.accountId;
  // The probe runs in the caller's VPC; a caller-side finding about nothing located has no known account.
  const probeVpc = finding.check === 'probe' && 'vpcId' in facts.probe ? facts.probe.vpcId : null;
  return (probeVpc && owners[probeVpc]) || null;
}

function targetOf(facts: Facts): Target {
  const caller = facts.callerVpcs[0];
  return {
    apiId: facts.request.apiId,
    region: facts.region,
    stage: facts.stage?.stageName ?? facts.request.stage,
    accountId: facts.accountId,
    ...(facts.accounts.multiAccount ? { consumerAccountIds: facts.accounts.consumers } : {}),
    urlForm: facts.urlForm,
    vpcId: caller?.vpcId ?? null,
    vpcEndpointIds: facts.callerVpcs.flatMap((c) => c.endpoints.map((e) => e.id)),
    ...managedByOf(facts),
  };
}

/** Who manages the API, the stage and the caller's endpoints, from the tags already read (no extra call). */
function managedByOf(facts: Facts): { managedBy?: ManagedBy } {
  const api = facts.restApi.ok ? ownershipFromTags(facts.restApi.value.tags) : null;
  const stage = ownershipFromTags(facts.stage?.tags);
  const endpoints = Object.fromEntries(
    facts.callerVpcs.flatMap((c) =>
      c.endpoints.flatMap((e) => {
        const owner = ownershipFromTags(e.tags);
        return owner ? [[e.id, owner] as const] : [];
      }),
    ),
  );
  const managedBy: ManagedBy = {
    ...(api ? { api } : {}),
    ...(stage ? { stage } : {}),
    ...(Object.keys(endpoints).length > 0 ? { endpoints } : {}),
  };
  return Object.keys(managedBy).length > 0 ? { managedBy } : {};
}

function assertReachable(facts: Facts): void {
  const failedWith = (f: Fetched<unknown> | null, kinds: AwsFailureKind[]) =>
    f !== null && !f.ok && kinds.includes(f.error.kind);
  const endpointsToo = (kinds: AwsFailureKind[]) =>
    facts.endpoints === null || failedWith(facts.endpoints, kinds);
  if (failedWith(facts.restApi, ['no-credentials']) && endpointsToo(['no-credentials'])) {
    throw new AwsUnreachableError(NO_CREDENTIALS_MESSAGE);
  }
  const offline: AwsFailureKind[] = ['unreachable', 'no-credentials'];
  if (failedWith(facts.restApi, offline) && endpointsToo(offline)) {
    const message = facts.restApi.ok ? '' : facts.restApi.error.message;
    throw new AwsUnreachableError(`could not reach AWS in ${facts.region}: ${message}`);
  }
}

export const NO_CREDENTIALS_MESSAGE =
  'no AWS credentials found: set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run where ' +
  'a role is available (instance profile, ECS task role); nothing was sent to AWS';

/** A check's duration is the wall time of the slowest AWS read it depends on (the checks themselves are pure). */
function factLatency(id: CheckId, facts: Facts): number {
  const ms = (...items: (Fetched<unknown> | null | undefined)[]) =>
    Math.max(0, ...items.map((f) => (f ? f.ms : 0)));
  switch (id) {
    case 'api':
    case 'invoke-url':
    case 'endpoint-access':
      return ms(facts.restApi);
    case 'resource-policy':
      return ms(facts.restApi, facts.callerIdentity, facts.apiResources);
    case 'route':
      return ms(facts.restApi, facts.apiResources);
    case 'stage':
      return ms(facts.stages);
    case 'vpc-endpoint':
    case 'endpoint-policy':
      return ms(facts.restApi, facts.endpoints);
    case 'private-dns':
      return ms(
        facts.endpoints,
        facts.vpcs,
        facts.dhcpOptions,
        ...facts.callerVpcs.flatMap((c) => [c.enableDnsSupport, c.enableDnsHostnames]),
      );
    case 'security-groups':
      return ms(facts.endpoints, facts.securityGroups, facts.vpcs);
    case 'network-acls':
      return ms(facts.endpoints, facts.networkAcls, facts.vpcs);
    case 'logging-config':
      return ms(facts.stages, facts.account);
    case 'execution-logs':
      return ms(facts.stages, facts.logs);
    case 'deployment':
      return ms(facts.stages, facts.deployment, facts.restApiUpdates);
    case 'custom-domain': {
      const domain = facts.customDomain;
      return domain ? ms(domain.domains, domain.accessAssociations, domain.domain, domain.mappings) : 0;
    }
    case 'dns-rules':
      return ms(...facts.dnsLayers.flatMap((layer) => [layer.resolverRules, layer.hostedZones]));
    case 'dns-firewall': {
      const firewall = facts.dnsFirewall;
      return firewall
        ? ms(firewall.associations, firewall.domainLists) +
            ms(...firewall.ruleGroups.map((g) => g.rules)) +
            ms(...firewall.domains.map((d) => d.domains))
        : 0;
    }
    case 'probe-request-logs':
      return ms(facts.probeRequestLogs);
    case 'probe':
      return facts.probe.state === 'ran' || facts.probe.state === 'error' ? facts.probe.ms : 0;
  }
}
