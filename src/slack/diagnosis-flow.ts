// Runs one diagnosis for Slack and publishes it: one channel message (placeholder, then the report in place),
// the evidence in its thread, and — when the API already has an incident thread in this channel — a reply
// saying what changed since the last run of the same request. The report's whole request is kept in the store
// (report-request.ts) so its buttons repeat exactly that diagnosis.

import { addCallStats, CallCounter } from '../diagnosis/call-counter.js';
import type { DiagnosisRequest, Report } from '../diagnosis/types.js';
import type { Logger } from '../log.js';
import { fixById } from '../remediation/registry.js';
import type { RemediationService } from '../remediation/service.js';
import type { FixId, FixOffer } from '../remediation/types.js';
import { apiKeyOf, type StateStore } from '../state/store.js';
import { RERUN_ACTION_ID } from './action-ids.js';
import { encodeButtonValue, fixTargetFromButton } from './button-value.js';
import { buttonValueFor, fixesCalledFor } from './fix-offers.js';
import type { Placeholders } from './in-flight.js';
import { type OfferBinding, type OfferKey, signOffer } from './offer-token.js';
import type { SlackPoster } from './poster.js';
import { confirmOverflows } from './render/confirm.js';
import { renderEvidence, renderEvidenceChanges, renderJsonReport } from './render/evidence.js';
import { renderUnreachable } from './render/notices.js';
import { renderProgress, renderRerunNote, renderSummary } from './render/summary.js';
import { diffReports } from './report-diff.js';
import { keepRequest, newRequestRef, repeatableRequest, sameRequest } from './report-request.js';
import { newCorrelationId, type Respond, reportUnexpected } from './unexpected.js';

export type DiagnoseFunction = (
  request: DiagnosisRequest,
  options?: { probeFunction?: string },
) => Promise<Report>;

export interface DiagnosisFlowDeps {
  slack: SlackPoster;
  diagnose: DiagnoseFunction;
  /** Which fixes a report offers (with their plans), click ids, and the fixes themselves. */
  remediation: RemediationService;
  store: StateStore;
  logger: Logger;
  defaultRegion: string | null;
  probeFunction: string | null;
  now: () => number;
  /** Signs each fix button to the message that offers it (offer-token.ts). */
  offerKey: OfferKey;
  /** Open "Diagnosing…" messages, for the shutdown note; absent in flows that never stop. */
  placeholders?: Placeholders;
  /** How long a command waits for the thread another command of the same API is opening. */
  threadJoinWaitMs?: number;
}

export interface DiagnosisRun {
  channelId: string;
  userId: string;
  request: DiagnosisRequest;
  json: boolean;
  /** The channel message to update, when the run comes from one of its buttons. */
  messageTs?: string | null;
  /** The request's response_url, for telling the user when the bot cannot post in the channel. */
  respond?: Respond | null;
  /** The fix applied just before this run (its automatic re-run), when it changed something. */
  afterFix?: FixId | null;
}

/** The engine throws AwsUnreachableError when AWS cannot be reached at all; matched by name so this module
 * does not import the engine (and with it the AWS SDK). */
function isAwsUnreachable(error: unknown): error is Error {
  return error instanceof Error && error.name === 'AwsUnreachableError';
}

/** How long the right to open an API's thread is held: long enough to post the placeholder and save it. */
const THREAD_CLAIM_TTL_MS = 30_000;
const THREAD_POLL_MS = 100;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The incident thread this run reports into, or null when it must open one. Of several identical commands at
 * once (any replica), exactly one wins an atomic claim in the store and opens the thread; the others wait for
 * it to be saved and join it as re-runs. If the winner never saves it (it died), they open their own.
 */
async function threadToJoin(
  deps: DiagnosisFlowDeps,
  run: DiagnosisRun,
  region: string | null,
): Promise<string | null> {
  if (run.messageTs) return run.messageTs;
  if (!region) return null;
  const apiKey = apiKeyOf(run.request.apiId, region);
  const existing = await deps.store.findIncidentThread(run.channelId, apiKey);
  if (existing) return existing.threadTs;
  if (await deps.store.acquireLock(threadClaimKey(run.channelId, apiKey), THREAD_CLAIM_TTL_MS)) return null;
  const deadline = deps.now() + (deps.threadJoinWaitMs ?? 10_000);
  while (deps.now() < deadline) {
    await sleep(THREAD_POLL_MS);
    const opened = await deps.store.findIncidentThread(run.channelId, apiKey);
    if (opened) return opened.threadTs;
  }
  deps.logger.warn({ channelId: run.channelId, apiKey }, 'the thread another run claimed never appeared');
  return null;
}

function threadClaimKey(channelId: string, apiKey: string): string {
  return `thread-claim:${channelId}:${apiKey}`;
}

export async function runDiagnosisInSlack(deps: DiagnosisFlowDeps, run: DiagnosisRun): Promise<void> {
  const { slack, logger } = deps;
  const runId = newCorrelationId();
  const region = run.request.region ?? deps.defaultRegion;
  const log = logger.child({ runId, channelId: run.channelId, userId: run.userId, apiId: run.request.apiId });

  // An open incident thread for this API: the new run reports into it instead of starting another.
  const existingThread = await threadToJoin(deps, run, region);
  let mainTs: string;
  let replyTs: string | null = null;
  if (existingThread) {
    mainTs = existingThread;
    replyTs = await slack.post(
      run.channelId,
      renderProgress({ ...progressArgs(run, region, runId), rerun: true }),
      mainTs,
    );
  } else {
    mainTs = await slack.post(
      run.channelId,
      renderProgress({ ...progressArgs(run, region, runId), rerun: false }),
    );
    if (region) {
      const apiKey = apiKeyOf(run.request.apiId, region);
      await deps.store.saveIncidentThread(run.channelId, apiKey, mainTs);
      await deps.store.releaseLock(threadClaimKey(run.channelId, apiKey));
    }
  }
  const placeholderTs = replyTs ?? mainTs;
  const closePlaceholder =
    deps.placeholders?.opened({ channelId: run.channelId, ts: placeholderTs, apiId: run.request.apiId }) ??
    (() => {});
  log.info({ mainTs, rerun: existingThread !== null }, 'diagnosis started');
  const published = { placeholder: true, close: closePlaceholder };
  try {
    await diagnoseAndPublish(deps, run, { runId, region, mainTs, replyTs, log, published });
  } catch (error) {
    // The "Diagnosing…" message must not promise a report that will never come: it shows the failure instead
    // (once the report is out, the failure goes to the thread and the report stays).
    await reportUnexpected(slack, log, error, {
      channelId: run.channelId,
      threadTs: mainTs,
      replaceTs: published.placeholder ? placeholderTs : null,
      respond: run.respond ?? null,
      doing: `diagnosing ${run.request.apiId}`,
    });
  } finally {
    closePlaceholder();
  }
}

interface Publication {
  runId: string;
  region: string | null;
  mainTs: string;
  replyTs: string | null;
  log: Logger;
  /** Cleared once the placeholder shows the report, so a later failure does not overwrite the report. */
  published: { placeholder: boolean; close: () => void };
}

async function diagnoseAndPublish(
  deps: DiagnosisFlowDeps,
  run: DiagnosisRun,
  at: Publication,
): Promise<void> {
  const { slack } = deps;
  const { runId, region, mainTs, replyTs, log } = at;
  const placeholderTs = replyTs ?? mainTs;
  let diagnosed: Report;
  const started = deps.now();
  try {
    diagnosed = await deps.diagnose(
      { ...run.request, region },
      deps.probeFunction ? { probeFunction: deps.probeFunction } : {},
    );
  } catch (error) {
    if (!isAwsUnreachable(error)) throw error;
    log.warn({ err: error }, 'AWS unreachable');
    await slack.update(
      run.channelId,
      placeholderTs,
      renderUnreachable(run.request.apiId, region, error.message, runId),
    );
    at.published.close();
    return;
  }

  // The request this report answers, kept for its buttons: a re-run asks the very same question.
  const request = repeatableRequest({ ...run.request, region }, diagnosed);
  const requestRef = newRequestRef();
  await keepRequest(deps.store, requestRef, { channelId: run.channelId, messageTs: mainTs, request });
  // "What changed" compares answers to the same question only, so it is about what changed in AWS.
  const last = await deps.store.lastRun(run.channelId, mainTs);
  const previous = last && sameRequest(last.request, request) ? last : null;
  const value = { ...buttonValueFor(diagnosed, run.request), requestRef };
  const planCalls = new CallCounter();
  const planned = await deps.remediation.offers(
    fixesCalledFor(diagnosed),
    fixTargetFromButton(value, run.request),
    { counter: planCalls },
  );
  const offers = planned.map(withheldIfUnshowable);
  // The confirm dialogs' plans are read for this report, before it is posted: their calls are its calls. The
  // diagnosis's own report (maybe shared with other responders) is left as it is; this channel gets a copy.
  const report = withPlanCalls(diagnosed, planCalls);
  const diff = previous ? diffReports(previous.report, report) : null;
  const encoded = encodeButtonValue(value);
  const rerunBinding: OfferBinding = {
    channelId: run.channelId,
    messageTs: mainTs,
    fix: RERUN_ACTION_ID,
    value: encoded,
  };
  const rerunValue = encodeButtonValue(value, signOffer(deps.offerKey, rerunBinding));
  const pending = run.afterFix ? fixById(run.afterFix).untilNextCall : undefined;
  // A fix whose plan read a state (a policy) carries its fingerprint, so the click acts on what its dialog showed.
  const fixValues = Object.fromEntries(
    offers.map((offer) => {
      const fixValue = offer.plan?.basis ? { ...value, basis: offer.plan.basis } : value;
      const binding = {
        channelId: run.channelId,
        messageTs: mainTs,
        fix: offer.fix,
        value: encodeButtonValue(fixValue),
      };
      return [offer.fix, encodeButtonValue(fixValue, signOffer(deps.offerKey, binding))];
    }),
  );
  const summary = renderSummary({
    report,
    requestedBy: run.userId,
    runId,
    offers,
    buttonValue: rerunValue,
    fixValues,
    diff,
    otherRequest: last !== null && previous === null,
    ...(pending ? { pending } : {}),
  });
  await slack.update(run.channelId, mainTs, summary);
  if (replyTs) {
    await slack.update(
      run.channelId,
      replyTs,
      renderRerunNote({
        report,
        requestedBy: run.userId,
        runId,
        diff,
        otherRequest: last !== null && previous === null,
        ...(pending ? { pending } : {}),
      }),
    );
  }
  at.published.placeholder = false;
  at.published.close();
  // The thread already holds a full run: repeat only what did not pass or changed, not all twelve checks.
  const evidence = previous ? renderEvidenceChanges(report, previous.report) : renderEvidence(report);
  for (const message of evidence) await slack.post(run.channelId, message, mainTs);
  if (run.json)
    for (const message of renderJsonReport(report)) await slack.post(run.channelId, message, mainTs);

  await deps.store.saveLastRun(run.channelId, mainTs, {
    report,
    request,
    finishedAt: deps.now(),
  });
  // Activity keeps the incident thread open for another 24 h.
  await deps.store.saveIncidentThread(
    run.channelId,
    apiKeyOf(report.target.apiId, report.target.region),
    mainTs,
  );
  log.info(
    {
      verdict: report.verdict,
      primaryCause: report.primaryCause,
      offers: offers.map((offer) => offer.fix),
      elapsedMs: deps.now() - started,
    },
    'diagnosis published',
  );
}

function withPlanCalls(report: Report, planCalls: CallCounter): Report {
  const awsCalls = addCallStats(report.stats.awsCalls, planCalls.snapshot());
  return { ...report, stats: { ...report.stats, awsCalls } };
}

function progressArgs(run: DiagnosisRun, region: string | null, runId: string) {
  return { apiId: run.request.apiId, region, stage: run.request.stage, requestedBy: run.userId, runId };
}

/**
 * A fix whose dialog must show its change (a policy diff) is not offered when the change and its risks cannot
 * all be shown in Slack's 300-character dialog: a cut dialog would hide part of what the click does.
 */
function withheldIfUnshowable(offer: FixOffer): FixOffer {
  const { plan } = offer;
  if (!plan || plan.withheld || !fixById(offer.fix).offeredOnlyWithPlan || !confirmOverflows(offer))
    return offer;
  return {
    ...offer,
    plan: {
      ...plan,
      withheld:
        "its change and risks do not fit in Slack's confirm dialog, so it would hide part of what it does: make " +
        'the change by hand (the Fix line says how).',
    },
  };
}
