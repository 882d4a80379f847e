// The one channel message of a diagnosis: "Diagnosing…" while it runs, then the verdict, the primary cause,
// the fix, every check in one line each, what changed since the last run, and the buttons.

import type { Finding, Report } from '../../diagnosis/types.js';
import { fixById } from '../../remediation/registry.js';
import type { FixId, FixOffer } from '../../remediation/types.js';
import { RERUN_ACTION_ID } from '../action-ids.js';
import { inlineCode, plain, prose, truncate } from '../escape.js';
import type { ReportDiff } from '../report-diff.js';
import { confirmText } from './confirm.js';
import { renderDiff } from './diff.js';
import {
  type Block,
  BUDGET,
  type ButtonElement,
  context,
  LIMITS,
  type SlackMessage,
  section,
} from './message.js';
import { CHECK_LABEL, STATUS_EMOJI, STATUS_WORD, VERDICT_LABEL } from './vocabulary.js';

export type { FixOffer };
export { confirmText };

export interface SummaryInput {
  report: Report;
  /** Slack user id of whoever ran the command or clicked. */
  requestedBy: string;
  runId: string;
  offers: FixOffer[];
  /** The encoded button value (identifiers only) of the Re-run button, and of fix buttons without their own. */
  buttonValue: string;
  /** Per fix: the value bound to this message and fix (offer-token.ts). */
  fixValues?: Partial<Record<FixId, string>>;
  diff?: ReportDiff | null;
  /** The thread's last run asked another question (URL, stage, caller…): it is not compared with this one. */
  otherRequest?: boolean;
  /** Right after a fix whose effect shows only on the next call: what to say first, and what cannot lead. */
  pending?: Pending;
}

export interface Pending {
  note: string;
  findings: readonly string[];
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/** A mention of a Slack user id, or the id as code if it does not look like one (it came over the wire). */
export function mention(userId: string): string {
  return SLACK_USER_ID.test(userId) ? `<@${userId}>` : inlineCode(userId, 40);
}

function targetLabel(report: Report): string {
  return `${report.target.apiId} / ${report.target.stage ?? 'no stage'}`;
}

export function renderProgress(input: {
  apiId: string;
  region: string | null;
  stage: string | null;
  requestedBy: string;
  runId: string;
  rerun: boolean;
}): SlackMessage {
  const what = `${inlineCode(input.apiId)}${input.stage ? ` / ${inlineCode(input.stage)}` : ''}`;
  const where = input.region ? ` in ${inlineCode(input.region)}` : '';
  const verb = input.rerun ? 'Re-running the diagnosis of' : 'Diagnosing';
  return {
    text: `${verb} ${input.apiId}…`,
    blocks: [
      section(`:hourglass_flowing_sand: ${verb} ${what}${where}… the report will appear here.`),
      context(`requested by ${mention(input.requestedBy)} · run ${inlineCode(input.runId, 40)}`),
    ],
  };
}

function fixButton(
  offer: FixOffer,
  value: string,
  primaryFix: FixId | null,
  stage: string | null,
): ButtonElement {
  const fix = fixById(offer.fix);
  const label = fix.label;
  const title = fix.confirmTitle ? fix.confirmTitle({ stage }) : `${label}?`;
  const button: ButtonElement = {
    type: 'button',
    action_id: offer.fix,
    text: { type: 'plain_text', text: plain(label, LIMITS.buttonText) },
    value,
    confirm: {
      title: { type: 'plain_text', text: plain(title, LIMITS.confirmTitle) },
      text: { type: 'mrkdwn', text: confirmText(offer) },
      confirm: { type: 'plain_text', text: plain(label.split(' ')[0] ?? 'Confirm', LIMITS.confirmButton) },
      deny: { type: 'plain_text', text: 'Cancel' },
    },
  };
  // A dangerous fix (it can break more than the finding is about) gets the red button and dialog.
  if (fix.dangerous) {
    button.style = 'danger';
    if (button.confirm) button.confirm.style = 'danger';
  } else if (offer.fix === primaryFix) {
    button.style = 'primary';
  }
  return button;
}

export function renderActions(
  offers: FixOffer[],
  value: string,
  primaryFix: FixId | null,
  stage: string | null,
  fixValues: Partial<Record<FixId, string>> = {},
): Block {
  return {
    type: 'actions',
    block_id: 'diagnosis-actions',
    elements: [
      ...offers
        .filter((offer) => !offer.plan?.withheld)
        .map((offer) => fixButton(offer, fixValues[offer.fix] ?? value, primaryFix, stage)),
      { type: 'button', action_id: RERUN_ACTION_ID, text: { type: 'plain_text', text: 'Re-run' }, value },
    ],
  };
}

/**
 * The finding the message leads with: the primary cause, else the first error, else the first warning — never
 * one that a fix just made unknowable until the next call (`pending`).
 */
function leadFinding(report: Report, pending?: Pending): Finding | undefined {
  const candidates = report.findings.filter((finding) => !pending?.findings.includes(finding.code));
  return (
    candidates.find((finding) => finding.code === report.primaryCause) ??
    candidates.find((finding) => finding.severity === 'error') ??
    candidates.find((finding) => finding.severity === 'warning')
  );
}

function primaryFixOf(report: Report, offers: FixOffer[], pending?: Pending): FixId | null {
  const offered = new Set<string>(offers.filter((o) => !o.plan?.withheld).map((offer) => offer.fix));
  return leadFinding(report, pending)?.remediations.find((id) => offered.has(id)) ?? null;
}

/** What the verdict means here: "healthy" says whether every check passed or some were skipped. */
export function verdictMeaning(report: Report): string {
  if (report.verdict !== 'healthy') return VERDICT_LABEL[report.verdict].meaning;
  const notRun = report.checks.filter((check) => check.status === 'skipped' || check.status === 'error');
  if (notRun.length === 0) return 'every check passed';
  const skipped = notRun.filter((check) => check.status === 'skipped').length;
  const errored = notRun.length - skipped;
  const parts = [
    ...(skipped > 0 ? [`${skipped} skipped`] : []),
    ...(errored > 0 ? [`${errored} could not run`] : []),
  ];
  return `no check failed; ${parts.join(', ')}`;
}

/**
 * Longest cause and fix the channel message quotes (before escaping; escaping may add a little, hence the
 * slack). A longer fix gives way to the finding's shorter one, else to "in the thread": text is never cut.
 */
const MAX_CAUSE = 320;
const MAX_FIX = 900;
const ESCAPE_SLACK = 200;

/** The finding's own instruction if it fits the message, else its short form, else null (it is too long). */
function fixToQuote(lead: Finding): { text: string } | 'too-long' | null {
  if (lead.fix === null) return null;
  if (lead.fix.length <= MAX_FIX) return { text: lead.fix };
  if (lead.shortFix && lead.shortFix.length <= MAX_FIX) return { text: lead.shortFix };
  return 'too-long';
}

function fixLine(lead: Finding, primaryFix: FixId | null): string {
  const fix = fixToQuote(lead);
  const ids = { ids: lead.resources };
  const button = primaryFix ? `*${fixById(primaryFix).label}*` : null;
  const instruction =
    fix === 'too-long'
      ? '*Fix:* the steps are too long for this message: they are in the evidence in the thread.'
      : fix
        ? `*Fix:* ${prose(fix.text, MAX_FIX + ESCAPE_SLACK, ids)}`
        : null;
  if (instruction && button) {
    // The button may do only part of it (the redeploy after a policy edit): offered, not promised.
    return `${instruction}\n:point_right: Button: ${button} below (the diagnosis re-runs after it).`;
  }
  if (instruction) return instruction;
  if (button) return `*Fix:* press ${button} below; the diagnosis then re-runs on its own.`;
  return '*Fix:* see the evidence in the thread; this one has no button.';
}

function verdictSection(report: Report, primaryFix: FixId | null, pending?: Pending): string {
  const verdict = VERDICT_LABEL[report.verdict];
  const lines = [
    ...(pending ? [`:hourglass_flowing_sand: *${prose(pending.note, 300)}*`] : []),
    `${verdict.emoji} *${verdict.word}* — ${verdictMeaning(report)}.`,
  ];
  const lead = leadFinding(report, pending);
  if (lead) {
    const label = lead.code === report.primaryCause ? 'Primary cause' : 'Most important warning';
    const account =
      lead.accountId && lead.accountId !== report.target.accountId
        ? ` in account ${inlineCode(lead.accountId)}`
        : '';
    const ids = { ids: lead.resources };
    lines.push(`*${label}:* ${prose(lead.title, 200, ids)} (${inlineCode(lead.code)})${account}`);
    // Never cut: a cause too long for the message is left to the thread (the title above already names it).
    if (lead.cause.length <= MAX_CAUSE) lines.push(prose(lead.cause, MAX_CAUSE + ESCAPE_SLACK, ids));
    lines.push(fixLine(lead, primaryFix));
  }
  return truncate(lines.join('\n'), BUDGET.sectionChars);
}

function fieldsBlock(report: Report): Block {
  const { target } = report;
  const endpoints = target.vpcEndpointIds.length
    ? target.vpcEndpointIds
        .slice(0, 3)
        .map((id) => inlineCode(id))
        .join(' ') + (target.vpcEndpointIds.length > 3 ? ` +${target.vpcEndpointIds.length - 3}` : '')
    : '_none found_';
  const field = (name: string, value: string) => ({ type: 'mrkdwn' as const, text: `*${name}*\n${value}` });
  // Across accounts the message names both sides: the API's account and the callers'.
  const consumers = target.consumerAccountIds ?? [];
  const apiAccount =
    consumers.length > 0 && target.accountId ? ` · account ${inlineCode(target.accountId)}` : '';
  const callerAccount =
    consumers.length > 0 ? ` · account ${consumers.map((a) => inlineCode(a)).join(' ')}` : '';
  return {
    type: 'section',
    fields: [
      field('API', `${inlineCode(target.apiId)}${apiAccount}`),
      field('Stage', target.stage ? inlineCode(target.stage) : '_none_'),
      field('Region', inlineCode(target.region)),
      field(
        'VPC / endpoint',
        `${target.vpcId ? inlineCode(target.vpcId) : '_unknown VPC_'} · ${endpoints}${callerAccount}`,
      ),
    ],
  };
}

/** One line per check that did not pass; the passing ones share a single line so the problems stand out. */
function checksSection(report: Report): string {
  const passed = report.checks.filter((check) => check.status === 'pass');
  const lines = report.checks
    .filter((check) => check.status !== 'pass')
    .map((check) => {
      const finding =
        report.findings.find((f) => f.check === check.id && f.severity === 'error') ??
        report.findings.find((f) => f.check === check.id && f.severity === 'warning');
      const what = finding ? prose(finding.title, 160) : statusWithReason(check);
      return `${STATUS_EMOJI[check.status]} *${CHECK_LABEL[check.id] ?? check.id}* — ${what}`;
    });
  if (passed.length > 0) {
    const names = passed.map((check) => CHECK_LABEL[check.id] ?? check.id).join(', ');
    lines.push(`${STATUS_EMOJI.pass} *${passed.length} passed:* ${names}`);
  }
  return truncate(lines.join('\n') || '_no check ran_', BUDGET.sectionChars);
}

/** Longest reason head quoted next to a check that did not run; longer ones stay in the thread. */
const MAX_REASON_HEAD = 100;

/**
 * "skipped: CloudTrail history unavailable" — the head of the reason (its first clause, or up to its first `: `) next to a
 * check that did not run, so "unavailable" or "turned off" never reads as a clean bill of health.
 */
function statusWithReason(check: Report['checks'][number]): string {
  const word = STATUS_WORD[check.status];
  if (!check.reason || (check.status !== 'skipped' && check.status !== 'error')) return word;
  const clause = check.reason.split('; ')[0] ?? '';
  const head = clause.length <= MAX_REASON_HEAD ? clause : (clause.split(': ')[0] ?? '');
  return head.length > 0 && head.length <= MAX_REASON_HEAD
    ? `${word}: ${prose(head, MAX_REASON_HEAD + 20)}`
    : word;
}

function totalAwsCalls(report: Report): number {
  return Object.values(report.stats.awsCalls).reduce((sum, n) => sum + n, 0);
}

export function renderSummary(input: SummaryInput): SlackMessage {
  const { report } = input;
  const primaryFix = primaryFixOf(report, input.offers, input.pending);
  const blocks: Block[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: plain(`:stethoscope: Diagnosis · ${targetLabel(report)}`, 150),
        emoji: true,
      },
    },
    section(verdictSection(report, primaryFix, input.pending)),
    fieldsBlock(report),
    { type: 'divider' },
    section(checksSection(report)),
  ];
  if (input.diff) blocks.push(section(renderDiff(input.diff)));
  if (input.otherRequest) blocks.push(context(OTHER_REQUEST));
  blocks.push(
    context(
      `:mag: ${report.checks.length} checks · ${totalAwsCalls(report)} AWS calls · ${(report.stats.durationMs / 1000).toFixed(1)} s · requested by ${mention(input.requestedBy)} · run ${inlineCode(input.runId, 40)} · evidence in the thread`,
    ),
    ...withheldNotes(input.offers),
    renderActions(input.offers, input.buttonValue, primaryFix, report.target.stage, input.fixValues),
  );
  const verdict = VERDICT_LABEL[report.verdict];
  const cause = report.primaryCause ? `: ${report.primaryCause}` : '';
  const waiting = input.pending ? `${input.pending.note} ` : '';
  return { text: `${waiting}${verdict.word}${cause} — ${targetLabel(report)}`, blocks };
}

/** A fix the findings call for but that cannot be done safely now: why there is no button for it. */
function withheldNotes(offers: FixOffer[]): Block[] {
  return offers.flatMap((offer) =>
    offer.plan?.withheld
      ? [
          context(
            `:no_entry_sign: No *${fixById(offer.fix).label}* button: ${prose(offer.plan.withheld, 600)}`,
          ),
        ]
      : [],
  );
}

const OTHER_REQUEST =
  'The last run in this thread asked about another URL, stage or caller, so it is not compared with this one.';

/** The thread reply of a re-run: who re-ran it, the new verdict, and what changed since the last run. */
export function renderRerunNote(input: {
  report: Report;
  requestedBy: string;
  runId: string;
  diff: ReportDiff | null;
  otherRequest?: boolean;
  pending?: Pending;
}): SlackMessage {
  const verdict = VERDICT_LABEL[input.report.verdict];
  const blocks: Block[] = [
    ...(input.pending ? [section(`:hourglass_flowing_sand: *${prose(input.pending.note, 300)}*`)] : []),
    section(
      `:repeat: Re-run by ${mention(input.requestedBy)}: ${verdict.emoji} *${verdict.word}*${input.report.primaryCause ? ` — ${inlineCode(input.report.primaryCause)}` : ''}. The channel message above now shows this run.`,
    ),
  ];
  if (input.diff) blocks.push(section(renderDiff(input.diff)));
  if (input.otherRequest) blocks.push(context(OTHER_REQUEST));
  blocks.push(context(`run ${inlineCode(input.runId, 40)}`));
  return { text: `Re-run: ${verdict.word}`, blocks };
}
