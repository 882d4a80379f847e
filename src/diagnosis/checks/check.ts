// The shape every check has: a pure function from gathered facts to a status and findings.

import { CATALOGUE, type FindingCode } from '../catalogue.js';
import type { Facts } from '../facts.js';
import type { CheckId, CheckStatus, Evidence, Finding, Severity } from '../types.js';

export interface CheckOutcome {
  status: CheckStatus;
  findings: Finding[];
  /** Why the check was skipped or errored. */
  reason?: string;
}

export interface Check {
  id: CheckId;
  run(facts: Facts): CheckOutcome;
}

/** Builds a finding with the catalogue's title, check and remediations; severity may be overridden by context. */
export function finding(
  code: FindingCode,
  detail: string,
  evidence: Evidence,
  options: { severity?: Severity; check?: CheckId } = {},
): Finding {
  const entry = CATALOGUE[code];
  return {
    code,
    severity: options.severity ?? entry.severity,
    check: options.check ?? entry.check,
    title: entry.title,
    detail,
    evidence,
    remediations: [...entry.remediations],
  };
}

/** The status a check that ran reports for its findings: fail on any error, warn on warnings, else pass. */
export function statusFor(findings: Finding[]): CheckStatus {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}
