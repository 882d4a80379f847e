// The evidence that goes into the thread: one block per check (status emoji, check, finding titles, escaped
// evidence, truncated logs), packed into as many messages as Slack's limits need.

import type { CheckId, CheckResult, CheckStatus, Finding, Report } from '../../diagnosis/types.js';
import { codeBlock, inlineCode, prose, truncate } from '../escape.js';
import { type Block, BUDGET, blockTextLength, context, type SlackMessage, section } from './message.js';
import { CHECK_LABEL, SEVERITY_EMOJI, STATUS_EMOJI, STATUS_WORD } from './vocabulary.js';

/** Keys whose values read better as a block (log lines, policy text) even when they are of middling length. */
const BLOCK_VALUE_KEYS = /sample|statement|policy|document|message|body/i;
const MAX_INLINE_STRING = 120;
const MAX_CODE_CHARS = 900;
const MAX_CODE_LINES = 20;
const MAX_LIST_ITEMS = 10;

function isPrimitive(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function evidenceLine(key: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const name = `• ${prose(key, 60)}:`;
  if (typeof value === 'string') {
    const needsBlock =
      value.includes('\n') ||
      value.length > MAX_INLINE_STRING ||
      (BLOCK_VALUE_KEYS.test(key) && value.length > 40);
    return needsBlock
      ? `${name}\n${codeBlock(value, MAX_CODE_CHARS, MAX_CODE_LINES)}`
      : `${name} ${inlineCode(value)}`;
  }
  if (isPrimitive(value)) return `${name} ${inlineCode(String(value))}`;
  if (Array.isArray(value) && value.every(isPrimitive)) {
    if (value.length === 0) return `${name} _none_`;
    const shown = value.slice(0, MAX_LIST_ITEMS).map((item) => inlineCode(String(item), 120));
    const more = value.length > MAX_LIST_ITEMS ? ` +${value.length - MAX_LIST_ITEMS} more` : '';
    return `${name} ${shown.join(', ')}${more}`;
  }
  return `${name}\n${codeBlock(JSON.stringify(value, null, 2) ?? String(value), MAX_CODE_CHARS, MAX_CODE_LINES)}`;
}

/** Longest finding text a thread block quotes (before escaping). */
const MAX_FINDING_TEXT = 1500;

/**
 * The whole detail when it fits; else the cause with the fix, or with the short fix, from the finding's fields
 * (the JSON report, `--json`, keeps every word).
 */
function findingText(finding: Finding): string {
  if (finding.detail.length <= MAX_FINDING_TEXT) return finding.detail;
  const room = MAX_FINDING_TEXT - finding.cause.length - 1;
  const fix = [finding.fix, finding.shortFix].find((text) => text && text.length <= room);
  return fix ? `${finding.cause} ${fix}` : finding.cause;
}

/** The mrkdwn parts of one finding, each bounded so a part always fits one section. */
function findingParts(finding: Finding, apiAccount: string | null): string[] {
  // Across accounts, a finding about another account than the API's says which: that is where it is fixed.
  const account =
    finding.accountId && finding.accountId !== apiAccount
      ? ` · account ${inlineCode(finding.accountId)}`
      : '';
  const ids = { ids: finding.resources };
  const heading = `${SEVERITY_EMOJI[finding.severity]} *${prose(finding.title, 200, ids)}* ${inlineCode(finding.code)}${account}\n${prose(findingText(finding), MAX_FINDING_TEXT + 300, ids)}`;
  const lines = Object.entries(finding.evidence)
    .map(([key, value]) => evidenceLine(key, value))
    .filter((line): line is string => line !== null);
  return [heading, ...lines];
}

function checkHeading(check: CheckResult, index: number, total: number, was?: CheckStatus): string {
  const label = CHECK_LABEL[check.id] ?? check.id;
  const change = was && was !== check.status ? ` (was ${STATUS_WORD[was]})` : '';
  const heading = `${STATUS_EMOJI[check.status]} *Check ${index}/${total} · ${label}* — ${STATUS_WORD[check.status]}${change} · ${check.durationMs} ms`;
  return check.reason ? `${heading}\nWhy: ${prose(check.reason, 600)}` : heading;
}

/** Groups parts into section texts of at most BUDGET.sectionChars, never splitting a part. */
function packSections(parts: string[]): Block[] {
  const texts: string[] = [];
  let current = '';
  for (const part of parts) {
    const bounded = truncate(part, BUDGET.sectionChars);
    if (current && current.length + 1 + bounded.length > BUDGET.sectionChars) {
      texts.push(current);
      current = bounded;
    } else {
      current = current ? `${current}\n${bounded}` : bounded;
    }
  }
  if (current) texts.push(current);
  return texts.map((text) => section(text));
}

/** Every check of the report, in report order; findings of a check the report does not list come last. */
function allChecks(report: Report): CheckResult[] {
  const checks: CheckResult[] = [...report.checks];
  for (const finding of report.findings) {
    if (!checks.some((check) => check.id === finding.check)) {
      checks.push({
        id: finding.check,
        status: finding.severity === 'error' ? 'fail' : 'warn',
        durationMs: 0,
      });
    }
  }
  return checks;
}

/**
 * Blocks for the checks `include` keeps (all by default). Numbering stays that of the full report
 * ("Check 9/12") so a partial re-run reads the same as the first run's evidence.
 */
export function evidenceBlocks(
  report: Report,
  options: { include?: (check: CheckResult) => boolean; previous?: ReadonlyMap<CheckId, CheckStatus> } = {},
): Block[] {
  const checks = allChecks(report);
  return checks.flatMap((check, index) => {
    if (options.include && !options.include(check)) return [];
    const findings = report.findings.filter((finding) => finding.check === check.id);
    const heading = checkHeading(check, index + 1, checks.length, options.previous?.get(check.id));
    return packSections([heading, ...findings.flatMap((f) => findingParts(f, report.target.accountId))]);
  });
}

/** Splits blocks into messages within the block and character budgets, each headed by a "part i/n" line. */
export function packMessages(blocks: Block[], title: string, ids: readonly string[] = []): SlackMessage[] {
  const reserve = 300;
  const groups: Block[][] = [];
  let current: Block[] = [];
  let chars = 0;
  for (const block of blocks) {
    const size = blockTextLength(block);
    const full =
      current.length + 1 >= BUDGET.blocksPerMessage || chars + size > BUDGET.messageChars - reserve;
    if (current.length > 0 && full) {
      groups.push(current);
      current = [];
      chars = 0;
    }
    current.push(block);
    chars += size;
  }
  if (current.length > 0) groups.push(current);
  return groups.map((group, index) => {
    const part = groups.length > 1 ? ` (part ${index + 1}/${groups.length})` : '';
    return { text: `${title}${part}`, blocks: [context(`${prose(title, 200, { ids })}${part}`), ...group] };
  });
}

export function renderEvidence(report: Report): SlackMessage[] {
  const title = `Evidence for ${report.target.apiId} / ${report.target.stage ?? 'no stage'}`;
  return packMessages(evidenceBlocks(report), title, targetIds(report));
}

/**
 * The evidence of a re-run in a thread that already holds a full run: only the checks that did not pass or
 * whose status or findings changed since `previous`, so the thread shows what moved, not all twelve again.
 */
export function renderEvidenceChanges(report: Report, previous: Report): SlackMessage[] {
  const before = new Map<CheckId, CheckStatus>(allChecks(previous).map((check) => [check.id, check.status]));
  const codes = (of: Report, id: CheckId) =>
    of.findings
      .filter((finding) => finding.check === id)
      .map((finding) => finding.code)
      .sort()
      .join();
  // A passing check still earns a block when its findings changed (a new note, say a single-AZ endpoint).
  const changed = (check: CheckResult) =>
    before.get(check.id) !== check.status || codes(report, check.id) !== codes(previous, check.id);
  const shown = (check: CheckResult) => check.status !== 'pass' || changed(check);
  const checks = allChecks(report);
  const omitted = checks.filter((check) => !shown(check)).length;
  const title = `Evidence of this re-run for ${report.target.apiId} / ${report.target.stage ?? 'no stage'}`;
  const blocks = evidenceBlocks(report, { include: shown, previous: before });
  if (blocks.length === 0) {
    return packMessages(
      [section(`:white_check_mark: All ${omitted} checks pass, as in the last run.`)],
      title,
      targetIds(report),
    );
  }
  const note =
    omitted > 0
      ? `Only checks that did not pass or changed status are shown; ${omitted} still pass (see the first run above).`
      : null;
  return packMessages(note ? [context(note), ...blocks] : blocks, title, targetIds(report));
}

/** The full JSON report (the `--json` option in Slack), as code blocks in as many messages as needed. */
export function renderJsonReport(report: Report): SlackMessage[] {
  const json = JSON.stringify(report, null, 2);
  const chunk = 2000;
  const blocks: Block[] = [];
  for (let start = 0; start < json.length; start += chunk) {
    blocks.push(
      section(codeBlock(json.slice(start, start + chunk), BUDGET.sectionChars, Number.POSITIVE_INFINITY)),
    );
  }
  return packMessages(blocks, `JSON report for ${report.target.apiId}`, targetIds(report));
}

/** The ids a title names, shown as code. */
function targetIds(report: Report): string[] {
  return [report.target.apiId, ...(report.target.stage ? [report.target.stage] : [])];
}
