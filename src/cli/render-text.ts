// The terminal rendering of a report: verdict and primary cause on the first lines, the fix under them, then
// the evidence check by check — readable at 80 columns, colour only when asked (on a TTY).

import { stripVTControlCharacters } from 'node:util';
import type { CheckStatus, Finding, Report, Severity, Verdict } from '../diagnosis/types.js';

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
    lines.push(...wrap(primary.detail, '  '));
    if (primary.remediations.length > 0) {
      lines.push(`  One-click fix in Slack: ${primary.remediations.join(', ')}`);
    }
  } else {
    lines.push(summaryWithoutCause(report));
  }

  const others = report.findings.filter((f) => f !== primary);
  if (others.length > 0) {
    lines.push('', 'Findings:');
    for (const f of others) lines.push(...renderFinding(f, paint, otherAccount(f, report)));
  }

  lines.push('', 'Checks:');
  for (const c of report.checks) {
    const mark =
      c.status === 'pass' ? STATUS_MARK.pass : paint(statusColour(c.status), STATUS_MARK[c.status]);
    lines.push(
      ...wrap(c.reason ?? '', ' '.repeat(22), `${mark} ${c.id.padEnd(16)} `).map((l) => l.trimEnd()),
    );
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

function summaryWithoutCause(report: Report): string {
  switch (report.verdict) {
    case 'healthy':
      return 'Every check that ran passed: nothing in the configuration blocks the caller VPC.';
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
  return [...wrap(`${f.code} — ${f.title}${account}`, '        ', label), ...wrap(f.detail, '        ')];
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
