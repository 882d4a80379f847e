// What the stage's execution logs say about the window: which deny messages appear (domain-reference A2
// #16/#17/#21, A3), or — the article's rule — that no request reached the API at all.

import type { FindingCode } from '../catalogue.js';
import type { Facts, LogEvent, LogWindow } from '../facts.js';
import type { Evidence, Finding } from '../types.js';
import { type Check, type CheckOutcome, couldNotRun, finding, statusFor, withCaveat } from './check.js';

const MAX_SAMPLE_CHARS = 500;

type LogCode = Extract<
  FindingCode,
  'LOG_VPCE_POLICY_DENY' | 'LOG_EXPLICIT_DENY' | 'LOG_ANONYMOUS_NOT_AUTHORIZED'
>;

/** Ordered: the most specific message wins (an endpoint-policy deny also reads "not authorized"). */
const PATTERNS: readonly [LogCode, string][] = [
  ['LOG_VPCE_POLICY_DENY', 'because no VPC endpoint policy allows'],
  ['LOG_EXPLICIT_DENY', 'with an explicit deny'],
  ['LOG_ANONYMOUS_NOT_AUTHORIZED', 'User: anonymous is not authorized to perform: execute-api:Invoke'],
];

/** What each log message means (after "N requests in the window") and what to do about it. */
const DETAILS: Record<LogCode, { cause: string; fix: string }> = {
  LOG_VPCE_POLICY_DENY: {
    cause:
      "were refused because no VPC endpoint policy allows the call: the policy on the caller's execute-api " +
      'endpoint does not allow execute-api:Invoke on this API.',
    fix:
      'Widen the endpoint policy (the default full-access policy is enough; the resource policy still decides ' +
      'who may call).',
  },
  LOG_EXPLICIT_DENY: {
    cause:
      'were refused "with an explicit deny": a Deny statement of the deployed resource policy matched the ' +
      'caller (for example StringNotEquals aws:SourceVpce naming another endpoint), or a Lambda authorizer denied.',
    fix: 'Fix the policy, then redeploy the stage: saving a policy alone does not change what the API enforces.',
  },
  LOG_ANONYMOUS_NOT_AUTHORIZED: {
    cause:
      'were refused with "User: anonymous is not authorized to perform: execute-api:Invoke": the deployed ' +
      "resource policy does not allow the caller's VPC endpoint or VPC (implicit deny), or an AWS_IAM method " +
      'was called unsigned.',
    fix:
      'Allow the caller in the policy, then redeploy the stage: saving a policy alone does not change what the ' +
      'API enforces.',
  },
};

export const executionLogsCheck: Check = {
  id: 'execution-logs',
  // The log group is the stage's: unread stages are not "logging off".
  needs: ['stages'],
  // The deployment's time tells denials that predate it (history) from current ones.
  uses: ['deployment'],
  run(facts: Facts): CheckOutcome {
    const { logs } = facts;
    if (logs === null) {
      return {
        status: 'skipped',
        findings: [],
        reason: 'execution logging is off, or no stage was chosen: there are no execution logs to read',
      };
    }
    if (!logs.ok) {
      const outcome = couldNotRun('execution-logs', `Execution logs of ${logGroupOf(facts)}`, logs.error);
      return {
        ...outcome,
        reason: `${outcome.reason}; logs are supplementary, so they cannot clear the API`,
      };
    }
    const window = logs.value;
    if (!window.logGroupExists || window.events.length === 0) {
      // At ERROR level a healthy API writes nothing, so silence proves nothing there.
      if (facts.stage?.loggingLevel !== 'INFO') {
        return {
          status: 'pass',
          findings: [],
          reason: `no execution log event in the window; the stage logs at ${facts.stage?.loggingLevel ?? 'an unknown level'}, where silence is normal`,
        };
      }
      return { status: 'warn', findings: [noRequestsFinding(window, stageResources(facts))] };
    }
    const deployedMs = currentDeploymentMs(facts);
    const findings = classify(window.events).map(([code, events]) =>
      olderThanDeployment(logFinding(code, events, window, stageResources(facts)), events, deployedMs, facts),
    );
    if (findings.length === 0) {
      return {
        status: 'pass',
        findings: [],
        reason: `${describeRead(window)} in the window; none is a deny message`,
      };
    }
    return { status: statusFor(findings), findings };
  },
};

/** When the stage's current deployment was created, if it was read. */
function currentDeploymentMs(facts: Facts): number | null {
  const created = facts.deployment?.ok ? Date.parse(facts.deployment.value.createdDate ?? '') : Number.NaN;
  return Number.isNaN(created) ? null : created;
}

/**
 * Denials logged only before the stage's current deployment describe the configuration that deployment replaced
 * (a fix that was just shipped, say): they are history to re-test, not the cause of what fails now.
 */
function olderThanDeployment(
  found: Finding,
  events: LogEvent[],
  deployedMs: number | null,
  facts: Facts,
): Finding {
  if (deployedMs === null || events.some((e) => e.timestamp >= deployedMs)) return found;
  const deployment = facts.deployment?.ok ? facts.deployment.value : null;
  const replaced = withCaveat(
    found,
    `Every one of these lines predates deployment ${deployment?.id ?? ''} of the stage (${iso(deployedMs)}), so ` +
      'they show the configuration it replaced: call the API again to see whether it still fails.',
  );
  return {
    ...replaced,
    severity: 'info',
    evidence: {
      ...found.evidence,
      deploymentId: deployment?.id ?? null,
      deploymentCreatedDate: iso(deployedMs),
    },
  };
}

function classify(events: LogEvent[]): [LogCode, LogEvent[]][] {
  const byCode = new Map<LogCode, LogEvent[]>();
  for (const event of events) {
    const code = PATTERNS.find(([, needle]) => event.message.includes(needle))?.[0];
    if (code === undefined) continue;
    byCode.set(code, [...(byCode.get(code) ?? []), event]);
  }
  // Report in the pattern order so the output is stable whatever order the events came in.
  return PATTERNS.flatMap(([code]) => {
    const matched = byCode.get(code);
    return matched ? [[code, matched] as [LogCode, LogEvent[]]] : [];
  });
}

/** The API and stage whose logs were read. */
function stageResources(facts: Facts): string[] {
  const stage = facts.stage?.stageName ?? facts.request.stage;
  return [facts.request.apiId, ...(stage ? [stage] : [])];
}

function logFinding(code: LogCode, events: LogEvent[], window: LogWindow, resources: string[]): Finding {
  const timestamps = events.map((e) => e.timestamp);
  // The latest line is the one most likely to reflect the current configuration.
  const latest = events.reduce((a, b) => (b.timestamp >= a.timestamp ? b : a));
  const evidence: Evidence = {
    count: events.length,
    firstSeen: iso(Math.min(...timestamps)),
    lastSeen: iso(Math.max(...timestamps)),
    sample: truncate(latest.message.trim()),
    sampleLogStream: latest.logStreamName,
    ...windowEvidence(window),
  };
  const subject = events.length === 1 ? '1 request in the window' : `${events.length} requests in the window`;
  return finding(
    code,
    { cause: `${subject} ${DETAILS[code].cause}`, fix: DETAILS[code].fix, resources },
    evidence,
  );
}

function noRequestsFinding(window: LogWindow, resources: string[]): Finding {
  const where = window.logGroupExists
    ? `No execution log event exists in ${window.logGroupName} between ${iso(window.startMs)} and ${iso(window.endMs)}.`
    : `The log group ${window.logGroupName} does not exist: no request has ever been logged for this stage.`;
  return finding(
    'NO_REQUESTS_REACHED_API',
    {
      cause: where,
      explanation:
        'The AWS Knowledge Center article on private API connections says: "If the API request doesn\'t produce ' +
        'any CloudWatch log after logging is activated, the request didn\'t reach the endpoint."',
      fix:
        "Check that the invoke URL uses the right DNS name for the endpoint's private DNS setting, that the name " +
        "resolves to the VPC endpoint's addresses, and that the security groups allow TCP 443.",
      caveat: 'If the failing call happened before logging was turned on, call the API again and re-run.',
      resources,
    },
    { ...windowEvidence(window), logGroupExists: window.logGroupExists },
  );
}

function windowEvidence(window: LogWindow): Evidence {
  return {
    logGroup: window.logGroupName,
    window: { start: iso(window.startMs), end: iso(window.endMs) },
    ...(window.truncated
      ? { truncated: true, note: `only the first ${window.events.length} events of the window were read` }
      : {}),
  };
}

function describeRead(window: LogWindow): string {
  const count = window.events.length;
  return window.truncated ? `read the first ${count} events` : `read ${count} event${count === 1 ? '' : 's'}`;
}

function logGroupOf(facts: Facts): string {
  const stage = facts.stage?.stageName ?? facts.request.stage ?? '?';
  return `API-Gateway-Execution-Logs_${facts.request.apiId}/${stage}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function truncate(text: string): string {
  return text.length <= MAX_SAMPLE_CHARS ? text : `${text.slice(0, MAX_SAMPLE_CHARS - 1)}…`;
}
