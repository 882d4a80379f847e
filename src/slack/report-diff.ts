// "What changed since the last run": compares two reports of the same API by finding (code + check), which
// is what a person tracks during an incident ("the deny is gone, logging is still off").

import type { Finding, Report, Verdict } from '../diagnosis/types.js';

export interface ReportDiff {
  verdictBefore: Verdict;
  verdictAfter: Verdict;
  fixed: Finding[];
  appeared: Finding[];
  unchanged: Finding[];
}

function keyOf(finding: Finding): string {
  return `${finding.check}/${finding.code}`;
}

export function diffReports(before: Report, after: Report): ReportDiff {
  const beforeKeys = new Set(before.findings.map(keyOf));
  const afterKeys = new Set(after.findings.map(keyOf));
  return {
    verdictBefore: before.verdict,
    verdictAfter: after.verdict,
    fixed: before.findings.filter((finding) => !afterKeys.has(keyOf(finding))),
    appeared: after.findings.filter((finding) => !beforeKeys.has(keyOf(finding))),
    unchanged: after.findings.filter((finding) => beforeKeys.has(keyOf(finding))),
  };
}
