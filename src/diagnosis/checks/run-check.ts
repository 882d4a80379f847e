// Runs one check against the gathered facts and enforces what a check may say about missing data: a check whose
// needed read failed reports `error` naming the call (never runs on half its input); a check that ran while an
// optional read failed may not report `pass`; and every denied read yields AWS_PERMISSION_MISSING with its IAM
// action, whichever check (if any) would have used it.

import type { AwsFailure, Facts, Fetched } from '../facts.js';
import type { CheckId, Finding } from '../types.js';
import { type Check, type CheckOutcome, couldNotRun, describeFailure, type FactName } from './check.js';

/** What each read is, in the words a reason uses. */
const FACT_LABELS: Record<FactName, (facts: Facts) => string> = {
  restApi: (f) => `REST API ${f.request.apiId}`,
  stages: (f) => `Stages of REST API ${f.request.apiId}`,
  account: () => 'The API Gateway account settings',
  endpoints: (f) => `VPC endpoints in ${f.region}`,
  vpcs: () => "The caller VPCs' CIDR blocks and DHCP option sets",
  dhcpOptions: (f) => `DHCP option sets in ${f.region}`,
  securityGroups: () => 'Security groups',
  endpointInterfaces: () => "The endpoints' network interfaces",
  networkAcls: () => 'Network ACLs',
  logs: (f) => `Execution logs of ${f.request.apiId}`,
  deployment: (f) => `The deployment of stage ${f.stage?.stageName ?? f.request.stage ?? '?'}`,
  restApiUpdates: () => 'CloudTrail event history',
  callerIdentity: () => 'The caller identity (STS)',
  apiResources: (f) => `Resources of REST API ${f.request.apiId}`,
  probeRequestLogs: () => "The probe's request in the logs",
};

export const FACT_NAMES = Object.keys(FACT_LABELS) as FactName[];

interface FailedRead {
  name: FactName;
  error: AwsFailure;
}

function failedRead(facts: Facts, name: FactName): FailedRead | null {
  const fact = facts[name] as Fetched<unknown> | null;
  return fact !== null && !fact.ok ? { name, error: fact.error } : null;
}

export function runCheck(check: Check, facts: Facts): CheckOutcome {
  for (const name of check.needs ?? []) {
    const failed = failedRead(facts, name);
    if (failed) return couldNotRun(check.id, FACT_LABELS[name](facts), failed.error);
  }
  const outcome = runGuarded(check, facts);
  const unusable = (check.uses ?? []).flatMap((name) => failedRead(facts, name) ?? []);
  if (unusable.length === 0) return outcome;

  const named = new Set(outcome.findings.flatMap(permissionAction));
  const permissions = unusable
    .filter(({ error }) => error.kind === 'access-denied' && !named.has(error.action))
    .map(({ error }) => permissionFinding(check.id, error));
  // A check that could not run already says why; one that ran says which reads it had to do without.
  const notes = (outcome.status === 'error' ? [] : unusable)
    .map(
      ({ name, error }) =>
        `${FACT_LABELS[name](facts)} could not be read (${error.operation}: ${describeFailure(error)})`,
    )
    .filter((note) => !outcome.reason?.includes(note));
  const reason = [outcome.reason, ...notes.map((n) => `${n}: judged without it`)].filter(Boolean).join('; ');
  // The read could have changed the outcome: what passed without it is only "nothing found in what was read".
  const status = outcome.status === 'pass' ? 'warn' : outcome.status;
  return { status, findings: [...outcome.findings, ...permissions], ...(reason ? { reason } : {}) };
}

/**
 * The check's outcome, or — when it throws (a fact shaped as no test foresaw) — `error` with the message: one check
 * that could not run says so, and the others still report, instead of the whole diagnosis failing.
 */
function runGuarded(check: Check, facts: Facts): CheckOutcome {
  try {
    return check.run(facts);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'error', findings: [], reason: `the ${check.id} check failed: ${message}` };
  }
}

/**
 * AWS_PERMISSION_MISSING for every denied read no check has named yet (a read gathered for a check that did not
 * declare it, or whose check was skipped): a missing permission is always reported.
 */
export function unreportedPermissions(
  facts: Facts,
  checks: readonly Check[],
  findings: Finding[],
): Finding[] {
  const named = new Set(findings.flatMap(permissionAction));
  const denied = [
    ...FACT_NAMES.flatMap((name) => {
      const failed = failedRead(facts, name);
      return failed ? [failed] : [];
    }),
    ...(facts.probe.state === 'error' && facts.probe.failure
      ? [{ name: null, error: facts.probe.failure }]
      : []),
  ].filter(({ error }) => error.kind === 'access-denied');
  const added: Finding[] = [];
  for (const { name, error } of denied) {
    if (named.has(error.action)) continue;
    named.add(error.action);
    const owner =
      name === null
        ? 'probe'
        : (checks.find((c) => c.needs?.includes(name) || c.uses?.includes(name))?.id ?? 'api');
    added.push(permissionFinding(owner, error));
  }
  return added;
}

function permissionAction(f: Finding): string[] {
  return f.code === 'AWS_PERMISSION_MISSING' && typeof f.evidence.action === 'string'
    ? [f.evidence.action]
    : [];
}

/** The AWS_PERMISSION_MISSING finding couldNotRun builds for a denied read (it always builds one for those). */
function permissionFinding(check: CheckId, error: AwsFailure): Finding {
  return couldNotRun(check, error.operation, error).findings[0] as Finding;
}
