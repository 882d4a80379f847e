// Short messages: usage errors, refusals, "already running", the audit line, and the unexpected-error note.

import { explainUsageError, usageFor } from '../../command/parse.js';
import { cloudTrailHint, sessionNameFor, sourceIdentityFor } from '../../remediation/cloudtrail-hint.js';
import { fixById } from '../../remediation/registry.js';
import type { Actor, FixId, FixResult, FixTarget } from '../../remediation/types.js';
import { UNDO_ACTION_ID } from '../action-ids.js';
import { codeBlock, inlineCode, plain, prose } from '../escape.js';
import { type Block, context, LIMITS, type SlackMessage, section } from './message.js';
import { mention } from './summary.js';

/** The fix's name in notices: its button label. */
function labelOf(fix: FixId): string {
  return fixById(fix).label;
}

// The undo is a command to copy whole (its `path=/*/*/…` included): one code span, not prose.
function undoText(undo: string): string {
  return /^aws /.test(undo) ? inlineCode(undo, 600) : prose(undo, 600);
}

/** A usage error (the parser's message) and where to read more, then the usage; or the usage alone. */
export function renderUsage(message: string | null): SlackMessage {
  const usage = codeBlock(usageFor('slack'), 2800, 40);
  if (message === null) return { text: '/apigw-diagnose usage', blocks: [section(usage)] };
  const { problem, help } = explainUsageError(message, 'slack');
  return { text: problem, blocks: [section(`:no_entry: ${prose(message, 500)}\n${help}\n${usage}`)] };
}

/** `undo`: the refusal of an Undo of the fix, rather than of the fix. */
export function renderRefusal(fix: FixId, action: 'run' | 'undo' = 'run'): SlackMessage {
  const text = `:no_entry: You are not on the list of people allowed to ${action} *${labelOf(fix)}* (REMEDIATION_ALLOWED_USERS). Nothing was changed. Ask someone on the list, or re-run the diagnosis.`;
  return { text: `Not allowed to ${action} ${labelOf(fix)}; nothing was changed.`, blocks: [section(text)] };
}

export function renderAlreadyRunning(fix: FixId, action: 'run' | 'undo' = 'run'): SlackMessage {
  const what = action === 'undo' ? `A change of *${labelOf(fix)}*` : `*${labelOf(fix)}*`;
  const text = `:hourglass_flowing_sand: ${what} is already running for this API; its result will appear in the thread.`;
  return {
    text: `${action === 'undo' ? 'A change of ' : ''}${labelOf(fix)} is already running.`,
    blocks: [section(text)],
  };
}

export function renderRerunRunning(): SlackMessage {
  const text =
    ':hourglass_flowing_sand: This diagnosis is already re-running; the message above will update when it is done.';
  return { text: 'The diagnosis is already re-running.', blocks: [section(text)] };
}

export function renderInvalidButton(): SlackMessage {
  const text =
    ':no_entry: This button does not carry a valid target, so nothing was changed. Run `/apigw-diagnose` again.';
  return { text: 'Invalid button; nothing was changed.', blocks: [section(text)] };
}

const UNKNOWN_REPORT: Record<'no-reference' | 'expired' | 'other-message', string> = {
  'no-reference':
    'This button does not say which diagnosis it repeats (it comes from an older report), so nothing was run or changed.',
  expired:
    "This report's request is no longer kept (reports can be re-run for 7 days), so nothing was run or changed.",
  'other-message': 'This button does not belong to this message, so nothing was run or changed.',
};

/** A Re-run or fix whose report request cannot be recalled: stale, from another message, or forged. */
export function renderUnknownReport(problem: keyof typeof UNKNOWN_REPORT): SlackMessage {
  const text = `:no_entry: ${UNKNOWN_REPORT[problem]} Run \`/apigw-diagnose\` again for a fresh report.`;
  return { text: UNKNOWN_REPORT[problem], blocks: [section(text)] };
}

export function renderOfferMismatch(fix: FixId): SlackMessage {
  const text = `:no_entry: This message did not offer *${labelOf(fix)}* for that target, so nothing was changed. Use the buttons of the latest report, or run \`/apigw-diagnose\` again.`;
  return {
    text: `${labelOf(fix)} was not offered by this message; nothing was changed.`,
    blocks: [section(text)],
  };
}

function slackDate(atMs: number): string {
  return `<!date^${Math.floor(atMs / 1000)}^{date_short_pretty} {time_secs}|${new Date(atMs).toISOString()}>`;
}

/** A second click just after the fix finished, while the state read now shows nothing left to do. */
export function renderJustApplied(
  fix: FixId,
  applied: { at: number; by: string },
  windowS: number,
): SlackMessage {
  const text = `:information_source: *${labelOf(fix)}* was just applied at ${slackDate(applied.at)} by ${mention(applied.by)}; nothing was changed again. Its audit line is in the thread. If it is needed once more, click again after ${windowS} s.`;
  return {
    text: `${labelOf(fix)} was just applied at ${new Date(applied.at).toISOString()}; nothing was changed again.`,
    blocks: [section(text)],
  };
}

/** Words for the Slack errors that mean the bot may not post in the channel (see unexpected.ts). */
const CANNOT_POST_HINT: Record<string, string> = {
  not_in_channel:
    'I am not a member of this channel: invite me with `/invite @apigw-diagnose`, then run the command again.',
  channel_not_found:
    'I cannot see this channel (private channels and DMs need an invitation): invite me with `/invite @apigw-diagnose`, then run the command again.',
  is_archived: 'This channel is archived, so I cannot post in it.',
  restricted_action:
    'This workspace does not let me post in this channel; ask an admin, or use another channel.',
};

export function renderUnexpectedError(
  correlationId: string,
  doing: string,
  slackError: string | null = null,
): SlackMessage {
  const hint = slackError ? CANNOT_POST_HINT[slackError] : undefined;
  const text = hint
    ? `:no_entry: Could not post while ${doing}. ${hint} (reference ${inlineCode(correlationId, 60)})`
    : `:exclamation: Something went wrong while ${doing}. Give the bot's operators this reference: ${inlineCode(correlationId, 60)} (it is in the logs).`;
  return {
    text: `${hint ? 'Could not post' : 'Something went wrong'} while ${doing} (reference ${correlationId}).`,
    blocks: [section(text)],
  };
}

export function renderUnreachable(
  apiId: string,
  region: string | null,
  message: string,
  correlationId: string,
): SlackMessage {
  const where = region ? ` in ${inlineCode(region)}` : '';
  const text = `:exclamation: Could not reach AWS${where} to diagnose ${inlineCode(apiId)}: ${prose(message, 600)}\nCheck the bot's network access and credentials, then run the command again. Reference ${inlineCode(correlationId, 60)}.`;
  return { text: `Could not reach AWS to diagnose ${apiId}.`, blocks: [section(text)] };
}

/** What a "Diagnosing…" message says when the bot stops before its report is ready. */
export function renderStopped(apiId: string): SlackMessage {
  const text = `:double_vertical_bar: The bot restarted before the diagnosis of ${inlineCode(apiId)} finished, so there is no report. Run \`/apigw-diagnose\` again.`;
  return {
    text: `Stopped before the diagnosis of ${apiId} finished; run it again.`,
    blocks: [section(text)],
  };
}

function targetWords(target: FixTarget, fix: FixId): string {
  const api = `${inlineCode(target.apiId)}${target.stage ? ` / ${inlineCode(target.stage)}` : ''}`;
  // A fix that changes an endpoint names it first: that is what changed, for this API.
  return fixById(fix).changes === 'endpoint' && target.vpceId
    ? `${inlineCode(target.vpceId)} (for ${api})`
    : api;
}

export interface AuditInput {
  fix: FixId;
  target: FixTarget;
  actor: Actor;
  result: FixResult;
  at: Date;
  /** The line of an Undo of the fix, rather than of the fix. */
  undoing?: boolean;
  /** The fix can be undone: the reference its Undo button carries. */
  undoRef?: string;
  /**
   * The role session the change ran in, for the CloudTrail hint: null when fixes run on the bot's own
   * credentials (no remediation role); by default the clicking user's remediation session.
   */
  roleSessionName?: string | null;
}

/** Where the change's CloudTrail event is: the console filter in words, the lookup command to copy whole. */
function cloudTrailLine(input: AuditInput): string {
  const { actor, target, at, result } = input;
  // The request that made the change: a failed later step's id would point at the wrong event.
  const requestId = result.outcome === 'applied' ? result.requestId : null;
  // The session the remediator says the change ran in, else the actor's remediation session.
  // null (the bot's own credentials) is an answer: only an unknown session falls back to the actor's.
  const known = input.roleSessionName !== undefined ? input.roleSessionName : result.roleSessionName;
  const roleSessionName = known !== undefined ? known : sessionNameFor(actor.userId);
  const hint = cloudTrailHint({ actor, region: target.region, requestId, at, roleSessionName });
  // The names to filter on are shown as code: copied whole.
  const ids = [roleSessionName, sourceIdentityFor(actor.userId), requestId].filter((id) => id !== null);
  return `${prose(hint.where, 600, { ids })} ${inlineCode(hint.command, 700)}`;
}

/** The audit line: who, what, when, the AWS request id, and the outcome in plain words. */
export function renderAudit(input: AuditInput): SlackMessage {
  const { fix, target, actor, result, at } = input;
  const when = `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time_secs}|${at.toISOString()}>`;
  const who = mention(actor.userId);
  const changed = result.outcome === 'applied' || result.outcome === 'already-done';
  const verb = input.undoing ? (changed ? 'undid' : 'tried to undo') : 'ran';
  const head = `:hammer_and_wrench: ${who} ${verb} *${labelOf(fix)}* on ${targetWords(target, fix)} at ${when}`;
  const ids = {
    ids: [target.apiId, ...(target.stage ? [target.stage] : []), ...(target.vpceId ? [target.vpceId] : [])],
  };
  let outcome: string;
  let requestId: string | null = null;
  switch (result.outcome) {
    case 'applied':
      outcome =
        `:white_check_mark: Done: ${prose(result.summary, 600, ids)}${result.undo ? `\nUndo: ${undoText(result.undo)}` : ''}` +
        (result.driftAccepted ? `\n:warning: Drift accepted: ${prose(result.driftAccepted, 900, ids)}` : '');
      requestId = result.requestId;
      break;
    case 'already-done':
      outcome = `:information_source: Nothing to change: ${prose(result.summary, 600, ids)}`;
      break;
    case 'precheck-failed':
      outcome = `:no_entry: Not applied, a pre-check failed: ${prose(result.reason, 800, ids)}`;
      break;
    case 'aws-error':
      outcome = `:x: AWS refused the change: ${prose(result.message, 800)}`;
      requestId = result.requestId;
      break;
  }
  const blocks: Block[] = [
    section(`${head}\n${outcome}`),
    context(`AWS request id: ${requestId ? inlineCode(requestId, 80) : '_none_'} · re-running the diagnosis`),
    // A change was made: applied, or saved before a later step failed (the result can still be undone).
    ...(result.outcome === 'applied' || (result.outcome === 'aws-error' && result.undoRecord)
      ? [context(cloudTrailLine(input))]
      : []),
    ...(input.undoRef ? [undoActions(fix, input.undoRef)] : []),
  ];
  return {
    text: `${labelOf(fix)}${input.undoing ? ' (undo)' : ''} by ${actor.userId}: ${result.outcome}`,
    blocks,
  };
}

/** The Undo button of an applied fix, with its confirm dialog (the fix's own words). */
function undoActions(fix: FixId, ref: string): Block {
  const undo = fixById(fix).undo;
  return {
    type: 'actions',
    block_id: 'fix-undo',
    elements: [
      {
        type: 'button',
        action_id: UNDO_ACTION_ID,
        text: { type: 'plain_text', text: 'Undo' },
        value: ref,
        confirm: {
          title: { type: 'plain_text', text: plain(`Undo ${labelOf(fix)}?`, LIMITS.confirmTitle) },
          text: {
            type: 'mrkdwn',
            text: prose(undo?.confirm ?? 'Puts back what the fix changed.', LIMITS.confirmText),
          },
          confirm: { type: 'plain_text', text: 'Undo' },
          deny: { type: 'plain_text', text: 'Cancel' },
          style: 'danger',
        },
      },
    ],
  };
}

const UNDO_UNKNOWN =
  'This Undo is not known here (undos are kept for 7 days, in the channel of the fix), so nothing was changed.';

export function renderUndoUnknown(): SlackMessage {
  return { text: UNDO_UNKNOWN, blocks: [section(`:no_entry: ${UNDO_UNKNOWN}`)] };
}

export function renderUndoUsed(fix: FixId, by: string): SlackMessage {
  const text = `:information_source: *${labelOf(fix)}* was already undone by ${mention(by)}; nothing was changed again.`;
  return { text: `${labelOf(fix)} was already undone; nothing was changed.`, blocks: [section(text)] };
}
