// The in-VPC probe's own requests, looked up by request id in the stage's logs: "reached this API and was
// answered so (the log line)" or "never reached this API". One request, so no guessing from a busy window;
// but logs arrive late, so absence is reported as what it is: not found after a bounded wait.

import type { HttpStep } from '../../probe/schema.js';
import type { Facts, LogEvent, RequestLogMatch } from '../facts.js';
import { logGroupName, probeRequestIds } from '../request-logs-gather.js';
import type { Evidence, Finding, Severity } from '../types.js';
import { type Check, type CheckOutcome, couldNotRun, finding, statusFor } from './check.js';

const MAX_LINES = 5;
const MAX_LINE_CHARS = 500;

/** Execution-log lines that say why API Gateway refused the request, most telling first. */
const REFUSALS: readonly [string, string][] = [
  ['because no VPC endpoint policy allows', 'the VPC endpoint policy'],
  ['with an explicit deny', 'an explicit Deny (resource policy or authorizer)'],
  ['User: anonymous is not authorized', 'the resource policy (no statement allows the caller)'],
  ['Unauthorized request', 'an authorizer'],
  ['Forbidden', 'API Gateway (Forbidden)'],
];

export const probeRequestLogsCheck: Check = {
  id: 'probe-request-logs',
  run(facts: Facts): CheckOutcome {
    const { probe } = facts;
    if (probe.state !== 'ran') {
      return {
        status: 'skipped',
        findings: [],
        reason: 'the in-VPC probe did not run: no request of ours to look up',
      };
    }
    const ids = probeRequestIds(probe);
    if (ids.length === 0) {
      return {
        status: 'skipped',
        findings: [],
        reason:
          "no HTTPS answer of the probe carried an x-amzn-RequestId: the probe's requests reached no API Gateway front door",
      };
    }
    const stage = facts.stage;
    if (stage === null) return { status: 'skipped', findings: [], reason: 'no stage was chosen' };
    const found = facts.probeRequestLogs;
    if (found === null) return loggingOff(facts, ids, stage.stageName);
    if (!found.ok) {
      const outcome = couldNotRun('probe-request-logs', "The stage's logs", found.error);
      return {
        ...outcome,
        reason: `${outcome.reason}; logs are supplementary, so they cannot clear the API`,
      };
    }
    const findings = ids.map((id) => judgeRequest(facts, id, found.value, stepFor(probe.result.http, id)));
    return { status: statusFor(findings), findings };
  },
};

function stepFor(steps: HttpStep[], id: string): HttpStep | null {
  return steps.find((step) => step.requestId === id) ?? null;
}

function loggingOff(facts: Facts, ids: string[], stageName: string): CheckOutcome {
  const group = logGroupName(facts.request.apiId, stageName);
  return {
    status: 'skipped',
    reason: 'execution logging is off and no access log goes to CloudWatch Logs',
    findings: [
      finding(
        'PROBE_REQUEST_LOGS_OFF',
        {
          cause:
            `The probe's request ${ids.join(', ')} could not be looked up: stage ${stageName} writes no ` +
            'execution log (and no CloudWatch access log).',
          fix:
            'Enable execution logging (the Enable execution logging button, or INFO level on the stage), then ' +
            'Re-run: the new probe request will be found in the logs — or not — and the report will say whether ' +
            'it reached this API and why it was refused.',
          shortFix: 'Enable execution logging, then Re-run to find the probe request in the logs.',
          resources: [facts.request.apiId, stageName],
        },
        { requestIds: ids, stage: stageName, logGroup: group },
      ),
    ],
  };
}

function judgeRequest(facts: Facts, id: string, match: RequestLogMatch, step: HttpStep | null): Finding {
  const lines = match.searches.flatMap((search) =>
    search.events.filter((event) => event.message.includes(id)).map((event) => ({ search, event })),
  );
  const base: Evidence = {
    requestId: id,
    probeCall: step
      ? { url: step.url, form: step.form, status: step.status, errorType: step.errorType }
      : null,
    searched: match.searches.map((s) => ({ logGroup: s.logGroupName, kind: s.kind, exists: s.exists })),
    attempts: match.attempts,
    waitedMs: match.waitedMs,
    ...(match.notSearched.length > 0 ? { notSearched: match.notSearched } : {}),
  };
  if (lines.length > 0) {
    const events = lines.map((l) => l.event).sort((a, b) => a.timestamp - b.timestamp);
    const refusal = refusalOf(events);
    const status = step?.status ?? null;
    const answer =
      refusal !== null
        ? `was refused by ${refusal.by}: "${clip(refusal.event.message.trim())}"`
        : status !== null && status >= 400
          ? `was answered ${status}; its log lines show no refusal message (see them below)`
          : `was answered ${status ?? 'without a status'}`;
    return finding(
      'PROBE_REQUEST_IN_LOGS',
      {
        cause:
          `The probe's request ${id} (${step ? `GET ${step.url}` : 'HTTPS call'}) reached API ` +
          `${facts.request.apiId} and ${answer}.`,
        explanation:
          'DNS, the network path and the VPC endpoint carried it: the cause is on the API side of the path.',
        fix: null,
        resources: [facts.request.apiId, id],
      },
      {
        ...base,
        lines: events.slice(0, MAX_LINES).map((e) => ({
          time: new Date(e.timestamp).toISOString(),
          line: clip(e.message.trim()),
          logStream: e.logStreamName,
        })),
        ...(events.length > MAX_LINES ? { moreLines: events.length - MAX_LINES } : {}),
      },
    );
  }
  const execution = match.searches.find((s) => s.kind === 'execution');
  const access = match.searches.find((s) => s.kind === 'access');
  // At ERROR level a request that was served writes no execution-log line: absence proves nothing there unless
  // an access log (one line per request) was searched too.
  const conclusive = access !== undefined || facts.stage?.loggingLevel === 'INFO';
  const severity: Severity = conclusive ? 'warning' : 'info';
  const where = [execution, access]
    .filter((s) => s !== undefined)
    .map((s) => `${s.logGroupName}${s.exists ? '' : ' (does not exist)'}`);
  return finding(
    'PROBE_REQUEST_NOT_IN_LOGS',
    {
      cause:
        `The probe's request ${id} (${step ? `GET ${step.url} → ${step.status ?? step.errorCode}` : 'HTTPS call'}) ` +
        `is in none of ${where.join(', ')} after ${match.attempts} search${match.attempts === 1 ? '' : 'es'} over ` +
        `${Math.round(match.waitedMs / 1000)} s.`,
      ...(conclusive
        ? {
            explanation:
              'It most likely never reached this API: the front door that answered it (public API Gateway, ' +
              'another API, or a proxy) is not this API.',
            fix: 'Check the DNS findings.',
            caveat: 'Execution logs can lag by more than this wait; Re-run to look again.',
          }
        : {
            explanation:
              'The stage logs at ERROR level, where a served request writes nothing, so this proves little.',
            fix: 'Set INFO (or an access log with $context.requestId) and Re-run.',
          }),
      resources: [facts.request.apiId, id],
    },
    base,
    { severity },
  );
}

function refusalOf(events: LogEvent[]): { by: string; event: LogEvent } | null {
  for (const [needle, by] of REFUSALS) {
    const event = events.find((e) => e.message.includes(needle));
    if (event) return { by, event };
  }
  return null;
}

function clip(text: string): string {
  return text.length <= MAX_LINE_CHARS ? text : `${text.slice(0, MAX_LINE_CHARS - 1)}…`;
}
