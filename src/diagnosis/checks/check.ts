// The shape every check has: a pure function from gathered facts to a status and findings.

import { CATALOGUE, type CatalogueEntry, type FindingCode } from '../catalogue.js';
import type { AwsFailure, Facts, Fetched } from '../facts.js';
import type { CheckId, CheckStatus, Evidence, Finding, Severity } from '../types.js';

export interface CheckOutcome {
  status: CheckStatus;
  findings: Finding[];
  /** Why the check was skipped or errored. */
  reason?: string;
}

/** The gathered AWS reads a check can declare, by their name in Facts. */
export type FactName = {
  [K in keyof Facts]-?: Facts[K] extends Fetched<unknown> | null ? K : never;
}[keyof Facts];

export interface Check {
  id: CheckId;
  /**
   * Reads the check cannot decide without: when one was gathered but failed, the runner reports the check as
   * `error` naming the call and its IAM action, and does not run it. A read that was not gathered (null) is the
   * check's own business (it usually means "does not apply"). Optional: a check without it runs as before.
   */
  needs?: readonly FactName[];
  /**
   * Reads that sharpen the check but that it can decide without: when one failed, the check still runs, but it
   * may not report `pass` (the read could have changed the outcome) — the runner turns a pass into `warn` with
   * the reason — and a denied read still yields AWS_PERMISSION_MISSING.
   */
  uses?: readonly FactName[];
  run(facts: Facts): CheckOutcome;
}

/**
 * The words of a finding, as typed parts, so every renderer picks what it has room for without reading the text:
 * the channel message quotes `cause` and `fix` (or `shortFix`), the thread, the terminal and the JSON `detail`
 * show all of it, in this order: cause, explanation, fix, caveat.
 */
export interface FindingText<Fix extends string | null = string | null> {
  /** What is wrong, in one sentence that stands on its own (the channel message quotes it when it is short). */
  cause: string;
  /** More about the cause: the evidence in words, why it matters (thread, terminal and JSON only). */
  explanation?: string;
  /** What to do, as whole instruction sentences (where to change it, the command, what follows); null: nothing. */
  fix: Fix;
  /** The same instruction in fewer words, for the channel message when `fix` is too long for it (no command). */
  shortFix?: string;
  /** What to know after the fix: costs, limits of what was read, when it does not apply. */
  caveat?: string;
  /** The ids of the resources the finding is about (API, stage, endpoint, group, rule, domain…). */
  resources: readonly string[];
}

/** A code whose catalogue entry says every finding of it tells the user what to do. */
type FixAlways = {
  [C in FindingCode]: (typeof CATALOGUE)[C]['fix'] extends 'always' ? C : never;
}[FindingCode];
type FixNever = { [C in FindingCode]: (typeof CATALOGUE)[C]['fix'] extends 'never' ? C : never }[FindingCode];

/** The text a code must have: a fix where the catalogue promises one, none where it says there is nothing to do. */
export type TextFor<C extends FindingCode> = FindingText<
  C extends FixAlways ? string : C extends FixNever ? null : string | null
>;

/** The detail of spec §3: every part of the text, in reading order. */
export function detailOf(text: Omit<FindingText, 'resources' | 'shortFix'>): string {
  return [text.cause, text.explanation, text.fix, text.caveat]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .join(' ');
}

/** Builds a finding with the catalogue's title, check and remediations; severity may be overridden by context. */
export function finding<C extends FindingCode>(
  code: C,
  text: TextFor<C>,
  evidence: Evidence,
  options: { severity?: Severity; check?: CheckId } = {},
): Finding {
  const entry: CatalogueEntry = CATALOGUE[code];
  return {
    code,
    severity: options.severity ?? entry.severity,
    check: options.check ?? entry.check,
    title: entry.title,
    detail: detailOf(text),
    cause: text.cause,
    fix: text.fix,
    ...(text.shortFix ? { shortFix: text.shortFix } : {}),
    resources: [...new Set(text.resources)],
    evidence,
    remediations: [...entry.remediations],
  };
}

/** The finding with one more sentence at the end of its detail (what a later rule learnt about it). */
export function withCaveat(found: Finding, sentence: string): Finding {
  return { ...found, detail: `${found.detail} ${sentence}` };
}

/** The status a check that ran reports for its findings: fail on any error, warn on warnings, else pass. */
export function statusFor(findings: Finding[]): CheckStatus {
  if (findings.some((f) => f.severity === 'error')) return 'fail';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}

/**
 * The outcome of a check whose input could not be fetched: status `error` (never `pass`) with the reason,
 * and — when AWS refused the call — an AWS_PERMISSION_MISSING finding naming the IAM action.
 */
export function couldNotRun(check: CheckId, what: string, error: AwsFailure): CheckOutcome {
  const reason = `${what} could not be read (${error.operation}: ${describeFailure(error)})`;
  const findings =
    error.kind === 'access-denied'
      ? [
          finding(
            'AWS_PERMISSION_MISSING',
            error.action === 'sts:AssumeRole'
              ? {
                  cause: `The bot could not assume its role in another account; the ${check} check could not run.`,
                  fix:
                    "Allow the bot's role sts:AssumeRole on the read role (iam/tooling-account-policy.json), and " +
                    "make that role trust the bot's role (iam/member-account-roles.yaml).",
                  resources: [error.action],
                }
              : {
                  cause: `The bot's role may not call ${error.action}; the ${check} check could not run.`,
                  fix: `Grant ${error.action} (see iam/diagnosis-policy.json).`,
                  resources: [error.action],
                },
            { action: error.action, operation: error.operation, awsMessage: error.message },
            { check },
          ),
        ]
      : [];
  return { status: 'error', findings, reason };
}

export function describeFailure(error: AwsFailure): string {
  switch (error.kind) {
    case 'access-denied':
      return `access denied to ${error.action}`;
    case 'throttled':
      return 'throttled by AWS after retries';
    case 'timeout':
      return 'timed out';
    case 'unreachable':
      return 'AWS endpoint unreachable';
    case 'no-credentials':
      return 'no AWS credentials found';
    case 'not-found':
      return `not found: ${error.message}`;
    default:
      return error.message;
  }
}
