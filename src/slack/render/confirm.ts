// The text of a fix's confirm dialog (Slack caps it at 300 characters): what changes, then what it may break,
// from the plan's typed risks. Each kind is shortened its own way — the public APIs cut off lose their tail
// names into "and N more", a roll-back keeps only the deployment it returns to, prose is cut at a clause
// boundary — so the dialog never ends in a sentence cut mid-word and never parses a sentence to find its kind.

import { fixById } from '../../remediation/registry.js';
import { cutOffApisSentence, type Risk, riskText } from '../../remediation/risks.js';
import type { FixOffer } from '../../remediation/types.js';
import { prose, truncate } from '../escape.js';
import { LIMITS } from './message.js';

/** A fix offered with its plan (null when the plan could not be read: the fix's generic text is shown). */
export type ConfirmOffer = FixOffer;

const MAX_CHANGE = 120;

/** Cuts at the last clause boundary (`, ` `; ` `: `) that fits, ending with a period; null when none does. */
export function shortenAtClause(text: string, max: number): string | null {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const cut = Math.max(head.lastIndexOf(', '), head.lastIndexOf('; '), head.lastIndexOf(': '));
  return cut >= 30 ? `${head.slice(0, cut)}.` : null;
}

/** The public APIs cut off, naming fewer of them (at least one) until the sentence fits in `max`. */
function fitCutOffApis(risk: Extract<Risk, { kind: 'breaks-public-apis' }>, max: number): string | null {
  for (let named = Math.min(risk.apis.length, 5); named >= 1; named -= 1) {
    const text = cutOffApisSentence(risk, named);
    if (text.length <= max) return text;
  }
  return risk.apis.length === 0 ? shortenAtClause(cutOffApisSentence(risk), max) : null;
}

/** The main clause only: up to the first `: ` or `; ` (what follows there is detail). */
function firstClause(text: string): string {
  const cut = [text.indexOf(': '), text.indexOf('; ')].filter((at) => at >= 30).sort((x, y) => x - y)[0];
  return cut === undefined ? text : `${text.slice(0, cut)}.`;
}

/** The list of APIs keeps this much in compact mode, so the risks after it get room too. */
const COMPACT_LIST = 170;

/** The risk in at most `max` characters without cutting a word, or null. `compact` also drops detail clauses. */
function fitRisk(risk: Risk, max: number, compact: boolean): string | null {
  switch (risk.kind) {
    case 'breaks-public-apis':
      return fitCutOffApis(risk, compact ? Math.min(max, COMPACT_LIST) : max);
    case 'rollback': {
      // The roll-back command is for the audit line; the dialog only needs which deployment it returns to.
      const text = `Roll back by pointing the stage at deployment ${risk.deploymentId} (command in the audit line).`;
      return text.length <= max ? text : shortenAtClause(text, max);
    }
    default: {
      const full = riskText(risk);
      const text = compact ? firstClause(full) : full;
      return text.length <= max ? text : shortenAtClause(text, max);
    }
  }
}

function withRisks(
  change: string,
  risks: readonly Risk[],
  compact: boolean,
): { text: string; shown: number } {
  const reserve = ' (+9 more)'.length;
  let text = `${change}\n*May break:*`;
  let shown = 0;
  for (const risk of risks) {
    const room = LIMITS.confirmText - text.length - '\n• '.length - reserve;
    const fitted = fitRisk(risk, room, compact);
    const escaped = fitted === null ? null : prose(fitted, Number.POSITIVE_INFINITY);
    if (escaped === null || escaped.length > room) {
      // The first risk matters most (a refusal, the APIs cut off): it is shown even if it must be cut.
      if (shown > 0) break;
      text += `\n• ${prose(riskText(risk), room)}`;
    } else {
      text += `\n• ${escaped}`;
    }
    shown += 1;
  }
  if (shown < risks.length) text += ` (+${risks.length - shown} more)`;
  return { text, shown };
}

/** Confirm text within 300 chars: what changes, then as many risks as fit whole (shortened if that shows more). */
export function confirmText(offer: ConfirmOffer): string {
  if (offer.plan === null) return prose(fixById(offer.fix).genericConfirm, LIMITS.confirmText);
  const changeText = offer.plan.change;
  const change = prose(shortenAtClause(changeText, MAX_CHANGE) ?? changeText, MAX_CHANGE + 20);
  const risks = offer.plan.risks;
  if (risks.length === 0) return change;
  const full = withRisks(change, risks, false);
  const compact = full.shown < risks.length ? withRisks(change, risks, true) : full;
  return truncate((compact.shown > full.shown ? compact : full).text, LIMITS.confirmText);
}
