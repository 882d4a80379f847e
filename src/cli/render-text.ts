// The terminal rendering of a report: verdict and primary cause on the first lines, the fix under them, then
// the evidence check by check — readable at 80 columns, colour only when asked (on a TTY).

import { stripVTControlCharacters } from 'node:util';
import type { CheckResult, CheckStatus, Finding, Report, Severity, Verdict } from '../diagnosis/types.js';

const WIDTH = 80;

type Paint = (code: number, text: string) => string;

const STATUS_MARK: Record<CheckStatus, string> = {
  pass: 'ok  ',
  fail: 'FAIL',
  warn: 'warn',
  skipped: 'skip',
  error: 'ERR ',
};

const VERDICT_COLOUR: Record<Verdict, number> = { broken: 31, degraded: 33, healthy: 32, inconclusive: 35 };
const SEVERITY_COLOUR: Record<Severity, number> = { error: 31, warning: 33, info: 36 };

export function renderText(report: Report, options: { colour: boolean }): string {
  const paint: Paint = options.colour
    ? (code, text) => `\u001b[${code}m${text}\u001b[0m`
    : (_code, text) => text;
  const { target } = report;
  const where = [target.region, target.stage ? `stage ${target.stage}` : 'no stage chosen', target.vpcId]
    .filter(Boolean)
    .join(', ');
  const lines: string[] = [
    `${paint(VERDICT_COLOUR[report.verdict], report.verdict.toUpperCase())}  API ${target.apiId} (${where})`,
  ];
  // Across accounts, both sides are named: the API's account and the callers'.
  const consumers = target.consumerAccountIds ?? [];
  if (consumers.length > 0 && target.accountId) {
    lines.push(`  API in account ${target.accountId}; caller VPC in account ${consumers.join(', ')}`);
  }

  const primary = report.findings.find((f) => f.code === report.primaryCause);
  if (primary) {
    lines.push(
      ...wrap(`Primary cause: ${primary.code} — ${primary.title}${otherAccount(primary, report)}`, '  ', ''),
    );
    lines.push(...findingBody(primary, '  '));
  } else {
    lines.push(summaryWithoutCause(report));
  }

  const others = report.findings.filter((f) => f !== primary);
  if (others.length > 0) {
    lines.push('', 'Findings:');
    for (const f of others) lines.push(...renderFinding(f, paint, otherAccount(f, report)));
  }

  lines.push('', 'Checks:');
  for (const group of checkLines(report.checks)) {
    const c = group[0] as CheckResult;
    const mark =
      c.status === 'pass' ? STATUS_MARK.pass : paint(statusColour(c.status), STATUS_MARK[c.status]);
    if (group.length === 1) {
      lines.push(
        ...wrap(c.reason ?? '', ' '.repeat(22), `${mark} ${c.id.padEnd(16)} `).map((l) => l.trimEnd()),
      );
    } else {
      lines.push(...wrap(`${group.length} checks: ${c.reason ?? ''}`, ' '.repeat(5), `${mark} `));
      lines.push(...wrap(group.map((check) => check.id).join(', '), ' '.repeat(5)));
    }
  }

  const calls = Object.entries(report.stats.awsCalls)
    .map(([service, n]) => `${service} ${n}`)
    .join(', ');
  lines.push(
    '',
    ...wrap(`${report.stats.durationMs} ms, AWS calls: ${calls}. Full evidence: --json`, '  ', ''),
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The checks in report order, those skipped for the same reason as one group (at the place of the first): a
 * missing API skips nearly every check, and one line says so.
 */
function checkLines(checks: readonly CheckResult[]): CheckResult[][] {
  const groups: CheckResult[][] = [];
  const skippedBy = new Map<string, CheckResult[]>();
  for (const check of checks) {
    const same = check.status === 'skipped' ? skippedBy.get(check.reason ?? '') : undefined;
    if (same) {
      same.push(check);
      continue;
    }
    const group = [check];
    if (check.status === 'skipped') skippedBy.set(check.reason ?? '', group);
    groups.push(group);
  }
  return groups;
}

function summaryWithoutCause(report: Report): string {
  const skipped = report.checks.filter((check) => check.status === 'skipped').length;
  switch (report.verdict) {
    case 'healthy':
      return skipped > 0
        ? `No check failed; ${skipped} skipped (see below): nothing that was checked blocks the caller VPC.`
        : 'Every check passed: nothing in the configuration blocks the caller VPC.';
    case 'degraded':
      return 'No blocking cause found; see the warnings below.';
    case 'inconclusive':
      return 'No cause found, but some checks could not run (see ERR below): the verdict is not proven.';
    default:
      return '';
  }
}

function renderFinding(f: Finding, paint: Paint, account: string): string[] {
  const label = `${paint(SEVERITY_COLOUR[f.severity], f.severity.padEnd(7))} `;
  return [...wrap(`${f.code} — ${f.title}${account}`, '        ', label), ...findingBody(f, '        ')];
}

/** The finding's detail with its fix on a line of its own, labelled "Fix:" (what is wrong, then what to do). */
function findingBody(f: Finding, indent: string): string[] {
  const at = f.fix ? f.detail.indexOf(f.fix) : -1;
  if (f.fix === null || at < 0) return wrap(f.detail, indent);
  const before = f.detail.slice(0, at).trim();
  const after = f.detail.slice(at + f.fix.length).trim();
  return [
    ...(before ? wrap(before, indent) : []),
    ...wrap(`Fix: ${f.fix}`, `${indent}     `, indent),
    ...(after ? wrap(after, indent) : []),
  ];
}

/** " [account …]" for a finding about another account than the API's: that is where it is fixed. */
function otherAccount(f: Finding, report: Report): string {
  return f.accountId && f.accountId !== report.target.accountId ? ` [account ${f.accountId}]` : '';
}

function statusColour(status: CheckStatus): number {
  return status === 'fail' || status === 'error' ? 31 : status === 'warn' ? 33 : 90;
}

/**
 * The words of a text, where a span between backticks (a command or ARN to copy) counts as one word: it is never
 * broken across lines, so it copies from the terminal in one piece.
 */
function words(text: string): string[] {
  return (text.match(/[^\s`]*`[^`\n]*`[^\s`]*|[^\s]+/g) ?? []).filter(Boolean);
}

/**
 * Word-wraps to WIDTH visible columns (escape codes do not count); continuation lines start with `indent`. A
 * code span longer than the width gets a line of its own rather than being broken.
 */
export function wrap(text: string, indent: string, firstIndent = indent): string[] {
  const visible = (s: string) => stripVTControlCharacters(s).length;
  const out: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of words(text)) {
    if (!empty && visible(line) + 1 + visible(word) > WIDTH) {
      out.push(line);
      line = indent + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  out.push(line);
  return out;
}
