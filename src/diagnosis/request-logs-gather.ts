// Looks up the in-VPC probe's own requests in the stage's logs: the x-amzn-RequestId of each HTTPS answer, as a
// quoted phrase, in the execution log group and (when the stage writes one to CloudWatch Logs) the access log
// group. Execution logs arrive seconds after the request, so an absent id is searched again after short,
// bounded delays before the gatherer gives up.

import type { LogEvent, ProbeFact, RequestLogMatch, RequestLogSearch, StageInfo } from './facts.js';
import type { LogsReader } from './ports.js';

/** The execution-log group API Gateway writes a stage's logs to (an underscore, not a slash). */
export function logGroupName(apiId: string, stage: string): string {
  return `API-Gateway-Execution-Logs_${apiId}/${stage}`;
}

/** At most this many request ids are searched (the probe answers one per URL form: three at most). */
const MAX_REQUEST_IDS = 2;
/** The search window opens a minute before the probe started (clock skew) and closes a few minutes after. */
const WINDOW_BEFORE_MS = 60_000;
const WINDOW_AFTER_MS = 5 * 60_000;

export interface RequestLogOptions {
  now: () => number;
  /** Waits before each retry while an id is still missing (default in diagnose.ts). */
  retryDelaysMs: readonly number[];
  sleep: (ms: number) => Promise<void>;
}

/** The request ids the probe's HTTPS answers carried, the caller's URL form first. */
export function probeRequestIds(probe: ProbeFact): string[] {
  if (probe.state !== 'ran') return [];
  const ids = probe.result.http.flatMap((step) => (step.requestId ? [step.requestId] : []));
  return [...new Set(ids)].slice(0, MAX_REQUEST_IDS);
}

/** The log group named by a CloudWatch Logs destination ARN (`…:log-group:NAME` or `…:log-group:NAME:*`). */
export function accessLogGroupName(destinationArn: string): string | null {
  const match = destinationArn.match(/^arn:aws[\w-]*:logs:[\w-]+:\d{12}:log-group:([^:]+)(:\*)?$/);
  return match?.[1] ?? null;
}

/** The groups to search for this stage, and the destinations that cannot be searched. */
export function requestLogTargets(
  apiId: string,
  stage: StageInfo,
): {
  groups: { logGroupName: string; kind: RequestLogSearch['kind'] }[];
  notSearched: RequestLogMatch['notSearched'];
} {
  const groups: { logGroupName: string; kind: RequestLogSearch['kind'] }[] = [];
  const notSearched: RequestLogMatch['notSearched'] = [];
  if (stage.loggingLevel !== 'OFF')
    groups.push({ logGroupName: logGroupName(apiId, stage.stageName), kind: 'execution' });
  const destination = stage.accessLogDestinationArn;
  if (destination) {
    const name = accessLogGroupName(destination);
    if (name) groups.push({ logGroupName: name, kind: 'access' });
    else notSearched.push({ destination, reason: 'not a CloudWatch Logs group (a Firehose stream?)' });
  }
  return { groups, notSearched };
}

/**
 * Searches every group for every id; while an id is missing from all of them, waits and searches again, as
 * many times as `retryDelaysMs` has entries. Returns null when there is nothing to search.
 */
export async function findProbeRequests(
  apiId: string,
  probe: ProbeFact,
  stage: StageInfo | null,
  logs: LogsReader,
  options: RequestLogOptions,
): Promise<RequestLogMatch | null> {
  const requestIds = probeRequestIds(probe);
  if (probe.state !== 'ran' || requestIds.length === 0 || stage === null) return null;
  const { groups, notSearched } = requestLogTargets(apiId, stage);
  if (groups.length === 0) return null;

  const started = Date.parse(probe.result.startedAt);
  const answeredMs = options.now();
  const startMs = (Number.isNaN(started) ? answeredMs : started) - WINDOW_BEFORE_MS;
  let searches: RequestLogSearch[] = [];
  let attempts = 0;
  for (;;) {
    const endMs = options.now() + WINDOW_AFTER_MS;
    searches = await Promise.all(
      groups.map(async (group): Promise<RequestLogSearch> => {
        const perId = await Promise.all(
          requestIds.map((id) => logs.findPhrase(group.logGroupName, id, startMs, endMs)),
        );
        const exists = perId.some((events) => events !== null);
        const events: LogEvent[] = perId.flatMap((found) => found ?? []);
        return { ...group, exists, events };
      }),
    );
    attempts += 1;
    const allFound = requestIds.every((id) =>
      searches.some((s) => s.events.some((e) => e.message.includes(id))),
    );
    const delay = options.retryDelaysMs[attempts - 1];
    if (allFound || delay === undefined) break;
    await options.sleep(delay);
  }
  return { requestIds, searches, attempts, waitedMs: Math.max(0, options.now() - answeredMs), notSearched };
}
