// "What changed since the last run" as one mrkdwn section text.

import type { Finding } from '../../diagnosis/types.js';
import { inlineCode, prose, truncate } from '../escape.js';
import type { ReportDiff } from '../report-diff.js';
import { BUDGET } from './message.js';
import { VERDICT_LABEL } from './vocabulary.js';

const MAX_LISTED = 8;

function list(emoji: string, word: string, findings: Finding[]): string[] {
  const shown = findings
    .slice(0, MAX_LISTED)
    .map((finding) => `${emoji} ${word}: ${prose(finding.title, 150)} (${inlineCode(finding.code)})`);
  if (findings.length > MAX_LISTED)
    shown.push(`   … and ${findings.length - MAX_LISTED} more ${word.toLowerCase()}`);
  return shown;
}

export function renderDiff(diff: ReportDiff): string {
  const before = VERDICT_LABEL[diff.verdictBefore].word;
  const after = VERDICT_LABEL[diff.verdictAfter].word;
  const verdict = before === after ? `verdict still *${after}*` : `verdict *${before}* → *${after}*`;
  const unchanged = before === after && diff.fixed.length === 0 && diff.appeared.length === 0;
  const lines = [
    unchanged
      ? `*What changed since the last run:* no change — ${verdict}, same findings`
      : `*What changed since the last run:* ${verdict}`,
    ...list(':white_check_mark:', 'Fixed', diff.fixed),
    ...list(':new:', 'New', diff.appeared),
    ...list(':heavy_minus_sign:', 'Unchanged', diff.unchanged),
  ];
  if (diff.fixed.length + diff.appeared.length + diff.unchanged.length === 0)
    lines.push('No findings, before or now.');
  return truncate(lines.join('\n'), BUDGET.sectionChars);
}
