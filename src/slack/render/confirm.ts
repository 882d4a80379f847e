// The text of a fix's confirm dialog (Slack caps it at 300 characters): what changes, then what it may break,
// from Remediator.plan. Long plan sentences are shortened at clause boundaries and long lists lose their tail
// names into "and N more", so the dialog never ends in a sentence cut mid-word.

import type { FixId, FixPlan } from '../../remediation/types.js';
import { prose, truncate } from '../escape.js';
import { LIMITS } from './message.js';

export interface ConfirmOffer {
  fix: FixId;
  /** From Remediator.plan at render time; null when the plan could not be read (a generic text is shown). */
  plan: FixPlan | null;
}

const GENERIC_CONFIRM: Record<FixId, string> = {
  'enable-logging':
    'Sets execution logging to INFO and turns metrics on for this stage. CloudWatch Logs storage costs money. No redeploy is needed.',
  'enable-private-dns':
    'Turns private DNS on for the VPC endpoint. Public and edge APIs in this region will answer 403 to calls from this VPC.',
  'redeploy-stage':
    'Creates a new deployment of this stage: every pending change ships, not only the policy. Roll back by pointing the stage at the previous deployment.',
};

const MAX_CHANGE = 120;

/** Cuts at the last clause boundary (`, ` `; ` `: `) that fits, ending with a period; null when none does. */
export function shortenAtClause(text: string, max: number): string | null {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const cut = Math.max(head.lastIndexOf(', '), head.lastIndexOf('; '), head.lastIndexOf(': '));
  return cut >= 30 ? `${head.slice(0, cut)}.` : null;
}

/** "…: a (1), b (2), c (3) and 4 more." → fewer names and a larger count until it fits in `max`. */
export function shortenList(text: string, max: number): string | null {
  const match = /^(.*?: )(.+?)(?: and (\d+) more)?\.?$/.exec(text);
  if (!match) return null;
  const [, lead = '', list = '', moreText] = match;
  const items = list.split(', ');
  if (items.length < 2) return null;
  let more = Number(moreText ?? 0);
  while (items.length > 1) {
    items.pop();
    more += 1;
    const candidate = `${lead}${items.join(', ')} and ${more} more.`;
    if (candidate.length <= max) return candidate;
  }
  return null;
}

/** The roll-back command is for the audit line; the dialog only needs which deployment it returns to. */
function shortenRollback(text: string): string | null {
  const id = /^To roll back: aws apigateway update-stage .*path=\/deploymentId,value=(\S+)$/.exec(text)?.[1];
  return id ? `Roll back by pointing the stage at deployment ${id} (command in the audit line).` : null;
}

/** A list of named resources ("…: shop (abc123), cdn (def456)…"), as the plans write the APIs cut off. */
function isList(text: string): boolean {
  return /: [^,:]+ \([^)]+\), [^,]+ \([^)]+\)/.test(text) || / and \d+ more\.$/.test(text);
}

/** The main clause only: up to the first `: ` or `; ` (what follows there is detail). */
function firstClause(text: string): string {
  const cut = [text.indexOf(': '), text.indexOf('; ')].filter((at) => at >= 30).sort((x, y) => x - y)[0];
  return cut === undefined ? text : `${text.slice(0, cut)}.`;
}

/** A list keeps this much in compact mode, so the risks after it get room too. */
const COMPACT_LIST = 170;

/** The risk in at most `max` characters without cutting a word, or null. `compact` also drops detail clauses. */
function fitRisk(risk: string, max: number, compact: boolean): string | null {
  const list = isList(risk);
  const text = shortenRollback(risk) ?? (compact && !list ? firstClause(risk) : risk);
  const limit = compact && list ? Math.min(max, COMPACT_LIST) : max;
  if (text.length <= limit) return text;
  return (list ? shortenList(text, limit) : null) ?? shortenAtClause(text, limit);
}

function withRisks(change: string, risks: string[], compact: boolean): { text: string; shown: number } {
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
      text += `\n• ${prose(risk, room)}`;
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
  if (offer.plan === null) return prose(GENERIC_CONFIRM[offer.fix], LIMITS.confirmText);
  const changeText = offer.plan.change;
  const change = prose(shortenAtClause(changeText, MAX_CHANGE) ?? changeText, MAX_CHANGE + 20);
  const risks = offer.plan.risks;
  if (risks.length === 0) return change;
  const full = withRisks(change, risks, false);
  const compact = full.shown < risks.length ? withRisks(change, risks, true) : full;
  return truncate((compact.shown > full.shown ? compact : full).text, LIMITS.confirmText);
}
