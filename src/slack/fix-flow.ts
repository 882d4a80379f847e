// A click on a fix button: handle each click once, validate the value like user input and check that this
// message offered it, check the allow-list, take the per-change lock, apply through the Remediator (which
// re-reads AWS state) unless it was just applied, write the audit line, then re-run the diagnosis.

import type { Logger } from '../log.js';
import type { Actor, FixId, FixResult } from '../remediation/types.js';
import type { StateStore } from '../state/store.js';
import {
  type ButtonValue,
  decodeButtonValue,
  encodeButtonValue,
  fixTargetFromButton,
  requestFromButton,
} from './button-value.js';
import { type DiagnosisFlowDeps, runDiagnosisInSlack } from './diagnosis-flow.js';
import type { RemediatorFactory } from './fix-offers.js';
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
} from './render/notices.js';
import { reportUnexpected } from './unexpected.js';

export interface FixFlowDeps extends DiagnosisFlowDeps {
  slack: SlackPoster;
  remediatorFor: RemediatorFactory;
  store: StateStore;
  logger: Logger;
  allowedUsers: ReadonlySet<string>;
  /** How long a fix lock lives if the process dies while holding it. */
  lockTtlMs: number;
  /** After a fix was applied, how long a second click says "just applied" instead of applying again. */
  justAppliedWindowMs: number;
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

/**
 * A click request can arrive more than once (a Slack retry with X-Slack-Retry-Num, or a replay of the signed
 * request inside its 5-minute window). Only the first delivery acts. The claim outlives every timestamp the
 * request gate accepts (±5 min), so a replay can never outlast it.
 */
export const CLICK_MEMORY_MS = 15 * 60 * 1000;

export async function claimClick(store: StateStore, click: ButtonClick): Promise<boolean> {
  const id = `click:${click.channelId}:${click.messageTs}:${click.actor.userId}:${click.actionId}:${click.actionTs}`;
  return store.acquireLock(id, CLICK_MEMORY_MS);
}

/**
 * One lock per change in AWS, whichever message or channel the click came from: the stage fixes per
 * (account, region, API, stage, fix); private DNS per (account, region, endpoint), the resource it changes.
 */
export function fixLockKey(fix: FixId, value: ButtonValue): string {
  const account = value.accountId ?? '-';
  if (fix === 'enable-private-dns') return `fix:${fix}:${account}:${value.region}:${value.vpceId ?? '-'}`;
  return `fix:${fix}:${account}:${value.region}:${value.apiId}:${value.stage ?? '-'}`;
}

interface AppliedNote {
  at: number;
  by: string;
}

function parseAppliedNote(note: string | null): AppliedNote | null {
  if (note === null) return null;
  try {
    const parsed = JSON.parse(note) as Partial<AppliedNote>;
    return typeof parsed.at === 'number' && typeof parsed.by === 'string'
      ? { at: parsed.at, by: parsed.by }
      : null;
  } catch {
    return null;
  }
}

export async function runFixFromSlack(deps: FixFlowDeps, fix: FixId, click: ButtonClick): Promise<void> {
  const { slack } = deps;
  const log = deps.logger.child({ fix, userId: click.actor.userId, channelId: click.channelId });
  const tell = (message: SlackMessage) =>
    slack.postEphemeral(click.channelId, click.actor.userId, message, click.messageTs);
  if (!(await claimClick(deps.store, click))) {
    log.info({ actionTs: click.actionTs }, 'click already handled (retry or replay): not acting again');
    return;
  }
  const decoded = decodeButtonValue(click.rawValue);
  if (!decoded.ok) {
    log.warn({ problem: decoded.problem }, 'rejected a malformed or forged button value');
    await tell(renderInvalidButton());
    return;
  }
  const offered =
    decoded.offerToken !== null &&
    offerTokenMatches(
      deps.offerKey,
      {
        channelId: click.channelId,
        messageTs: click.messageTs,
        fix,
        value: encodeButtonValue(decoded.value),
      },
      decoded.offerToken,
    );
  if (!offered) {
    log.warn(
      { apiId: decoded.value.apiId },
      'rejected a fix this message did not offer (value not bound to it)',
    );
    await tell(renderOfferMismatch(fix));
    return;
  }
  if (!deps.allowedUsers.has(click.actor.userId)) {
    log.warn({ apiId: decoded.value.apiId }, 'refused a fix: user is not in REMEDIATION_ALLOWED_USERS');
    await tell(renderRefusal(fix));
    return;
  }
  const target = fixTargetFromButton(decoded.value);
  const lockKey = fixLockKey(fix, decoded.value);
  if (!(await deps.store.acquireLock(lockKey, deps.lockTtlMs))) {
    log.info({ lockKey }, 'fix already running');
    await tell(renderAlreadyRunning(fix));
    return;
  }

  let result: FixResult | null = null;
  let justApplied: AppliedNote | null = null;
  try {
    // Read under the lock: a click that waited for the lock sees the note the holder wrote before releasing.
    const recent = parseAppliedNote(await deps.store.readNote(`applied:${lockKey}`));
    if (recent && fix === 'redeploy-stage') {
      // Nothing in AWS tells a needed redeploy from a repeated one: within the window, do not deploy again.
      justApplied = recent;
    } else {
      log.info({ target }, 'applying fix');
      // apply() re-reads the state: a fix that is still needed (e.g. logging turned off again) is applied.
      result = await deps.remediatorFor(target.region).apply(fix, target, click.actor);
      if (recent && result.outcome === 'already-done') justApplied = recent;
      if (result.outcome === 'applied') {
        const note: AppliedNote = { at: deps.now(), by: click.actor.userId };
        await deps.store.saveNote(`applied:${lockKey}`, JSON.stringify(note), deps.justAppliedWindowMs);
      }
    }
  } catch (error) {
    await reportUnexpected(slack, log, error, {
      channelId: click.channelId,
      threadTs: click.messageTs,
      doing: `running ${fix} on ${target.apiId}`,
    });
    return;
  } finally {
    await deps.store.releaseLock(lockKey);
  }
  if (justApplied || !result) {
    log.info({ lockKey, appliedAt: justApplied?.at }, 'fix was just applied: not applied again');
    if (justApplied)
      await tell(renderJustApplied(fix, justApplied, Math.round(deps.justAppliedWindowMs / 1000)));
    return;
  }
  log.info(
    {
      audit: true,
      target,
      outcome: result.outcome,
      requestId: 'requestId' in result ? result.requestId : null,
    },
    'fix finished',
  );
  await slack.post(
    click.channelId,
    renderAudit({ fix, target, actor: click.actor, result, at: new Date(deps.now()) }),
    click.messageTs,
  );
  await rediagnose(deps, click, decoded.value);
}

export async function runRerunFromSlack(deps: DiagnosisFlowDeps, click: ButtonClick): Promise<void> {
  if (!(await claimClick(deps.store, click))) {
    deps.logger.info({ actionTs: click.actionTs }, 're-run click already handled (retry or replay)');
    return;
  }
  const decoded = decodeButtonValue(click.rawValue);
  if (!decoded.ok) {
    deps.logger.warn(
      { problem: decoded.problem, userId: click.actor.userId },
      'rejected a malformed re-run value',
    );
    await deps.slack.postEphemeral(
      click.channelId,
      click.actor.userId,
      renderInvalidButton(),
      click.messageTs,
    );
    return;
  }
  // One re-run per incident message at a time: a double click must not start two diagnoses racing to update it.
  const lockKey = `rerun:${click.channelId}:${click.messageTs}`;
  if (!(await deps.store.acquireLock(lockKey, RERUN_LOCK_TTL_MS))) {
    await deps.slack.postEphemeral(
      click.channelId,
      click.actor.userId,
      renderRerunRunning(),
      click.messageTs,
    );
    return;
  }
  try {
    await rediagnose(deps, click, decoded.value);
  } finally {
    await deps.store.releaseLock(lockKey);
  }
}

/** A diagnosis is bounded by its AWS timeouts; the lock outlives it only if the process dies holding it. */
const RERUN_LOCK_TTL_MS = 2 * 60 * 1000;

/** Runs the button's diagnosis again in the clicked message's thread, so the user sees the state now. */
function rediagnose(deps: DiagnosisFlowDeps, click: ButtonClick, value: ButtonValue): Promise<void> {
  return runDiagnosisInSlack(deps, {
    channelId: click.channelId,
    userId: click.actor.userId,
    request: requestFromButton(value),
    json: false,
    messageTs: click.messageTs,
  });
}
