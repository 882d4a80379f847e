// What a finding code means, from the catalogue (the codes are stable API): its title, severity, the check on the
// request path that raises it, how it ranks as a primary cause, and which one-click fixes Slack offers for it.

import { z } from 'zod';
import { CATALOGUE, FINDING_CODES, type FindingCode, precedenceOf } from '../diagnosis/catalogue.js';
import { fixById } from '../remediation/registry.js';

export const EXPLANATION_OUTPUT = {
  code: z.string(),
  title: z.string(),
  severity: z
    .enum(['error', 'warning', 'info'])
    .describe('Default severity; a few codes are raised or lowered by the URL form the caller uses'),
  check: z.string().describe('The check on the request path that raises it'),
  precedence: z
    .number()
    .describe(
      'Rank as a primary cause: of several errors, the lowest number (earliest on the request path) wins',
    ),
  fixGiven: z
    .enum(['always', 'sometimes', 'never'])
    .describe("Whether a finding of this code carries a fix for a human ('never': an observation only)"),
  slackFixes: z
    .array(z.object({ id: z.string(), label: z.string() }))
    .describe(
      'Fixes a person allowed to change AWS can apply from the Slack report; this server applies none',
    ),
};

const outputObject = z.object(EXPLANATION_OUTPUT);
export type FindingExplanation = z.infer<typeof outputObject>;

export function isFindingCode(code: string): code is FindingCode {
  return Object.hasOwn(CATALOGUE, code);
}

export function explainFinding(code: FindingCode): FindingExplanation {
  const entry = CATALOGUE[code];
  return {
    code,
    title: entry.title,
    severity: entry.severity,
    check: entry.check,
    precedence: precedenceOf(code) + 1,
    fixGiven: entry.fix,
    slackFixes: entry.remediations.map((id) => ({ id, label: fixById(id).label })),
  };
}

export function explanationText(explanation: FindingExplanation): string {
  const fixes = explanation.slackFixes.map((fix) => fix.label).join(', ');
  return [
    `${explanation.code} (${explanation.severity}, check ${explanation.check}): ${explanation.title}.`,
    `Rank ${explanation.precedence} of ${FINDING_CODES.length} as a primary cause (request-path order).`,
    fixes ? `One-click fix in Slack: ${fixes}.` : 'No one-click fix: the report says what to change.',
  ].join('\n');
}
