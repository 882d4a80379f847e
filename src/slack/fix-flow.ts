// A click on a fix button or Re-run: the Slack half. Validate the value like user input, check that this
// message offered it and recall the report's whole request (all Slack-specific); for a fix, hand it to the
// remediation service, which decides the rest (repeat, allow-list, target, lock, "just applied", result) and
// returns it as a value; render that value, write the audit line and re-run exactly the report's diagnosis.

import type { DiagnosisRequest } from '../diagnosis/types.js';
import type { Logger } from '../log.js';
import { type FixOutcome, type RemediationService, UNDO_REF } from '../remediation/service.js';
import type { Actor, FixId } from '../remediation/types.js';
import { RERUN_ACTION_ID } from './action-ids.js';
import {
  type ButtonValue,
  decodeButtonValue,
  encodeButtonValue,
  fixTargetFromButton,
} from './button-value.js';
import { type DiagnosisFlowDeps, runDiagnosisInSlack } from './diagnosis-flow.js';
import { offerTokenMatches } from './offer-token.js';
import type { SlackPoster } from './poster.js';
import type { SlackMessage } from './render/message.js';
import {
  renderAlreadyRunning,
  renderAudit,
  renderInvalidButton,
  renderJustApplied,
  renderOfferMismatch,
  renderRefusal,
  renderRerunRunning,
  renderUndoUnknown,
  renderUndoUsed,
  renderUnknownReport,
} from './render/notices.js';
import { recallRequest } from './report-request.js';
import { reportUnexpected } from './unexpected.js';

export interface FixFlowDeps extends DiagnosisFlowDeps {
  slack: SlackPoster;
  remediation: RemediationService;
  logger: Logger;
}

export interface ButtonClick {
  channelId: string;
  /** ts of the channel message that carries the button (the incident thread's parent). */
  messageTs: string;
  /** Slack's action_ts: with the user, message and action id it identifies one click. */
  actionTs: string;
  actionId: string;
  actor: Actor;
  rawValue: unknown;
}

/** Tells only the person who clicked, in the clicked message's thread unless another is named. */
function tellClicker(slack: SlackPoster, click: ButtonClick) {
  return (message: SlackMessage, threadTs = click.messageTs) =>
    slack.postEphemeral(click.channelId, click.actor.userId, message, threadTs);
}

/**
 * A click request can arrive more than once (a Slack retry with X-Slack-Retry-Num, or a replay of the signed
 * request inside its 5-minute window). Only the first delivery acts; the service remembers the click's id.
 */
export function claimClick(remediation: RemediationService, click: ButtonClick): Promise<boolean> {
  return remediation.claimRequest(
    `${click.channelId}:${click.messageTs}:${click.actor.userId}:${click.actionId}:${click.actionTs}`,
  );
}

export async function runFixFromSlack(deps: FixFlowDeps, fix: FixId, click: ButtonClick): Promise<void> {
  const { slack } = deps;
  const log = deps.logger.child({ fix, userId: click.actor.userId, channelId: click.channelId });
  const tell = tellClicker(slack, click);
  if (!(await claimClick(deps.remediation, click))) {
    log.info({ actionTs: click.actionTs }, 'click already handled (retry or replay): not acting again');
    return;
  }
  const decoded = decodeButtonValue(click.rawValue);
  if (!decoded.ok) {
    log.warn({ problem: decoded.problem }, 'rejected a malformed or forged button value');
    await tell(renderInvalidButton());
    return;
  }
  if (!offeredBy(deps, click, fix, decoded.value, decoded.offerToken)) {
    log.warn(
      { apiId: decoded.value.apiId },
      'rejected a fix this message did not offer (value not bound to it)',
    );
    await tell(renderOfferMismatch(fix));
    return;
  }
  // Before anything changes: the re-run after the fix must be able to repeat the report's diagnosis.
  const recalled = await recallRequest(deps.store, decoded.value.requestRef ?? null, click);
  if (!recalled.ok) {
    log.warn({ problem: recalled.problem }, "refused a fix: the report's request is not known");
    await tell(renderUnknownReport(recalled.problem));
    return;
  }
  const target = fixTargetFromButton(decoded.value, recalled.request);
  const origin: UndoOrigin = {
    channelId: click.channelId,
    threadTs: click.messageTs,
    requestRef: decoded.value.requestRef ?? null,
  };
  let outcome: FixOutcome;
  try {
    outcome = await deps.remediation.run({
      fix,
      target,
      accountId: decoded.value.accountId ?? null,
      actor: click.actor,
      origin: JSON.stringify(origin),
    });
  } catch (error) {
    await reportUnexpected(slack, log, error, {
      channelId: click.channelId,
      threadTs: click.messageTs,
      doing: `running ${fix} on ${target.apiId}`,
    });
    return;
  }
  switch (outcome.status) {
    case 'invalid':
      log.warn({ apiId: target.apiId, missing: outcome.missing }, 'rejected a fix whose target lacks fields');
      await tell(renderInvalidButton());
      return;
    case 'not_allowed':
      log.warn({ apiId: target.apiId }, 'refused a fix: user is not in REMEDIATION_ALLOWED_USERS');
      await tell(renderRefusal(fix));
      return;
    case 'in_flight':
      log.info({ lockKey: outcome.lockKey }, 'fix already running');
      await tell(renderAlreadyRunning(fix));
      return;
    case 'just_applied':
      log.info(
        { lockKey: outcome.lockKey, appliedAt: outcome.applied.at },
        'fix was just applied: not applied again',
      );
      await tell(renderJustApplied(fix, outcome.applied, Math.round(outcome.windowMs / 1000)));
      return;
    case 'done':
    case 'failed': {
      const { result } = outcome;
      log.info(
        {
          audit: true,
          target,
          status: outcome.status,
          outcome: result.outcome,
          requestId: 'requestId' in result ? result.requestId : null,
        },
        'fix finished',
      );
      await slack.post(
        click.channelId,
        renderAudit({
          fix,
          target,
          actor: click.actor,
          result,
          at: new Date(deps.now()),
          ...(outcome.undoRef ? { undoRef: outcome.undoRef } : {}),
        }),
        click.messageTs,
      );
      await rediagnose(deps, click, recalled.request, result.outcome === 'applied' ? fix : null);
      return;
    }
  }
}

/** Where a fix was run from: the Undo must come from the same channel, and re-runs that thread's report. */
interface UndoOrigin {
  channelId: string;
  threadTs: string;
  requestRef: string | null;
}

function parseOrigin(origin: string | null): UndoOrigin | null {
  if (origin === null) return null;
  try {
    const parsed = JSON.parse(origin) as Partial<UndoOrigin>;
    return typeof parsed.channelId === 'string' && typeof parsed.threadTs === 'string'
      ? {
          channelId: parsed.channelId,
          threadTs: parsed.threadTs,
          requestRef: typeof parsed.requestRef === 'string' ? parsed.requestRef : null,
        }
      : null;
  } catch {
    return null;
  }
}

/**
 * A click on the Undo of a fix's audit line: the reference is checked like user input; the service decides the
 * rest (same channel, allow-list, the fix's lock, once only) and the fix's own undo re-checks the state. The
 * audit line goes to the fix's thread, whose report is then re-run.
 */
export async function runUndoFromSlack(deps: FixFlowDeps, click: ButtonClick): Promise<void> {
  const log = deps.logger.child({ action: 'undo', userId: click.actor.userId, channelId: click.channelId });
  const tell = tellClicker(deps.slack, click);
  if (!(await claimClick(deps.remediation, click))) {
    log.info({ actionTs: click.actionTs }, 'undo click already handled (retry or replay): not acting again');
    return;
  }
  const ref = typeof click.rawValue === 'string' && UNDO_REF.test(click.rawValue) ? click.rawValue : null;
  if (ref === null) {
    log.warn('rejected a malformed undo value');
    await tell(renderUndoUnknown());
    return;
  }
  const outcome = await deps.remediation.undo({
    ref,
    actor: click.actor,
    accepts: (origin) => parseOrigin(origin)?.channelId === click.channelId,
  });
  if (outcome.status === 'undo_unknown') {
    log.warn('refused an undo not known in this channel');
    await tell(renderUndoUnknown());
    return;
  }
  const from = parseOrigin(outcome.origin);
  switch (outcome.status) {
    case 'undo_used':
      await tell(renderUndoUsed(outcome.fix, outcome.by), from?.threadTs);
      return;
    case 'not_allowed':
      log.warn('refused an undo: user is not in REMEDIATION_ALLOWED_USERS');
      await tell(renderRefusal(outcome.fix, 'undo'), from?.threadTs);
      return;
    case 'in_flight':
      await tell(renderAlreadyRunning(outcome.fix, 'undo'), from?.threadTs);
      return;
    case 'done':
    case 'failed': {
      const threadTs = from?.threadTs ?? click.messageTs;
      const { result } = outcome;
      log.info({ audit: true, undo: true, status: outcome.status, outcome: result.outcome }, 'undo finished');
      await deps.slack.post(
        click.channelId,
        renderAudit({
          fix: outcome.fix,
          target: outcome.target,
          actor: click.actor,
          result,
          at: new Date(deps.now()),
          undoing: true,
        }),
        threadTs,
      );
      const thread = { ...click, messageTs: threadTs };
      const recalled = await recallRequest(deps.store, from?.requestRef ?? null, thread);
      if (recalled.ok) await rediagnose(deps, thread, recalled.request, null);
      return;
    }
  }
}

/** Whether this message offered this action with this value (offer-token.ts). */
function offeredBy(
  deps: DiagnosisFlowDeps,
  click: ButtonClick,
  action: FixId | typeof RERUN_ACTION_ID,
  value: ButtonValue,
  token: string | null,
): boolean {
  if (token === null) return false;
  const binding = {
    channelId: click.channelId,
    messageTs: click.messageTs,
    fix: action,
    value: encodeButtonValue(value),
  };
  return offerTokenMatches(deps.offerKey, binding, token);
}

export async function runRerunFromSlack(deps: DiagnosisFlowDeps, click: ButtonClick): Promise<void> {
  const tell = tellClicker(deps.slack, click);
  if (!(await claimClick(deps.remediation, click))) {
    deps.logger.info({ actionTs: click.actionTs }, 're-run click already handled (retry or replay)');
    return;
  }
  const decoded = decodeButtonValue(click.rawValue);
  if (!decoded.ok) {
    deps.logger.warn(
      { problem: decoded.problem, userId: click.actor.userId },
      'rejected a malformed re-run value',
    );
    await tell(renderInvalidButton());
    return;
  }
  const recalled = offeredBy(deps, click, RERUN_ACTION_ID, decoded.value, decoded.offerToken)
    ? await recallRequest(deps.store, decoded.value.requestRef ?? null, click)
    : ({ ok: false, problem: decoded.value.requestRef ? 'other-message' : 'no-reference' } as const);
  if (!recalled.ok) {
    deps.logger.warn(
      { problem: recalled.problem, userId: click.actor.userId },
      "refused a re-run: the report's request is not known",
    );
    await tell(renderUnknownReport(recalled.problem));
    return;
  }
  // One re-run per incident message at a time: a double click must not start two diagnoses racing to update it.
  const lockKey = `rerun:${click.channelId}:${click.messageTs}`;
  if (!(await deps.store.acquireLock(lockKey, RERUN_LOCK_TTL_MS))) {
    await tell(renderRerunRunning());
    return;
  }
  try {
    await rediagnose(deps, click, recalled.request, null);
  } finally {
    await deps.store.releaseLock(lockKey);
  }
}

/** A diagnosis is bounded by its AWS timeouts; the lock outlives it only if the process dies holding it. */
const RERUN_LOCK_TTL_MS = 2 * 60 * 1000;

/** Runs the report's diagnosis again in the clicked message's thread, so the user sees the state now. */
function rediagnose(
  deps: DiagnosisFlowDeps,
  click: ButtonClick,
  request: DiagnosisRequest,
  afterFix: FixId | null,
): Promise<void> {
  return runDiagnosisInSlack(deps, {
    channelId: click.channelId,
    userId: click.actor.userId,
    request,
    json: false,
    messageTs: click.messageTs,
    afterFix,
  });
}
