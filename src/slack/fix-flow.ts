// A click on a fix button: validate the value like user input, check the allow-list, take the per-fix lock,
// apply through the Remediator (which re-reads AWS state), write the audit line, then re-run the diagnosis.

import type { Logger } from '../log.js';
import type { Actor, FixId, FixResult } from '../remediation/types.js';
import type { StateStore } from '../state/store.js';
import {
  type ButtonValue,
  decodeButtonValue,
  fixTargetFromButton,
  requestFromButton,
} from './button-value.js';
import { type DiagnosisFlowDeps, runDiagnosisInSlack } from './diagnosis-flow.js';
import type { RemediatorFactory } from './fix-offers.js';
import type { SlackPoster } from './poster.js';
import {
  renderAlreadyRunning,
  renderAudit,
  renderInvalidButton,
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
}

export interface ButtonClick {
  channelId: string;
  /** ts of the channel message that carries the button (the incident thread's parent). */
  messageTs: string;
  actor: Actor;
  rawValue: unknown;
}

export async function runFixFromSlack(deps: FixFlowDeps, fix: FixId, click: ButtonClick): Promise<void> {
  const { slack } = deps;
  const log = deps.logger.child({ fix, userId: click.actor.userId, channelId: click.channelId });
  const decoded = decodeButtonValue(click.rawValue);
  if (!decoded.ok) {
    log.warn({ problem: decoded.problem }, 'rejected a malformed or forged button value');
    await slack.postEphemeral(click.channelId, click.actor.userId, renderInvalidButton(), click.messageTs);
    return;
  }
  if (!deps.allowedUsers.has(click.actor.userId)) {
    log.warn({ apiId: decoded.value.apiId }, 'refused a fix: user is not in REMEDIATION_ALLOWED_USERS');
    await slack.postEphemeral(click.channelId, click.actor.userId, renderRefusal(fix), click.messageTs);
    return;
  }
  const target = fixTargetFromButton(decoded.value);
  const lockKey = `fix:${fix}:${target.region}:${target.apiId}:${target.stage ?? '-'}:${target.vpceId ?? '-'}`;
  if (!(await deps.store.acquireLock(lockKey, deps.lockTtlMs))) {
    log.info({ lockKey }, 'fix already running');
    await slack.postEphemeral(
      click.channelId,
      click.actor.userId,
      renderAlreadyRunning(fix),
      click.messageTs,
    );
    return;
  }

  let result: FixResult;
  try {
    log.info({ target }, 'applying fix');
    result = await deps.remediatorFor(target.region).apply(fix, target, click.actor);
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
