// The text of a fix's confirm dialog (Slack caps it at 300 characters): what changes, then every risk and side
// effect of the plan — all of them, never "(+1 more)". When the whole sentences do not fit, the words get
// shorter, not the list: each risk has shorter forms by kind (its main clause, fewer API names, a short form the
// fix wrote), and the dialog takes the longest form of each that lets every risk fit.

import { driftMedium, driftShort } from '../../remediation/iac.js';
import { fixById } from '../../remediation/registry.js';
import { cutOffApisSentence, PUBLIC_APIS_NAMED, type Risk, riskText } from '../../remediation/risks.js';
import type { FixOffer } from '../../remediation/types.js';
import { inlineCode, prose, truncate } from '../escape.js';
import { LIMITS } from './message.js';

/** A fix offered with its plan (null when the plan could not be read: the fix's generic text is shown). */
export type ConfirmOffer = FixOffer;

const MAX_CHANGE = 120;
const RISKS_HEADING = '\n*Risks:*';
const BULLET = '\n• ';

/** Cuts at the last clause boundary (`, ` `; ` `: `) that fits, ending with a period; null when none does. */
export function shortenAtClause(text: string, max: number): string | null {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const cut = Math.max(head.lastIndexOf(', '), head.lastIndexOf('; '), head.lastIndexOf(': '));
  return cut >= 30 ? `${head.slice(0, cut)}.` : null;
}

/** The main clause only: up to the first `: ` or `; ` (what follows there is detail). */
function firstClause(text: string): string {
  const cut = [text.indexOf(': '), text.indexOf('; ')].filter((at) => at >= 30).sort((x, y) => x - y)[0];
  return cut === undefined ? text : `${text.slice(0, cut)}.`;
}

/** The ways to say one risk, longest first; the last is short enough for a dialog full of risks. */
function forms(risk: Risk): string[] {
  switch (risk.kind) {
    case 'will-be-refused':
      return [
        riskText(risk),
        firstClause(riskText(risk)),
        'A pre-check will refuse it; nothing will change.',
      ];
    case 'nothing-will-change':
      return [riskText(risk), 'Nothing will change: it is already done.'];
    case 'could-not-read':
      return [riskText(risk), `Could not ${risk.what}.`];
    case 'cost':
    case 'note':
      return [risk.text, firstClause(risk.text), risk.short];
    case 'breaks-public-apis': {
      // Longest first: every API it can name, then one fewer each time, down to one.
      const most = Math.min(risk.apis.length, PUBLIC_APIS_NAMED);
      const named = Array.from({ length: most }, (_, i) => cutOffApisSentence(risk, most - i));
      const count = `This VPC loses ${risk.apis.length} public API${risk.apis.length === 1 ? '' : 's'} in ${risk.region} (403).`;
      return [...named, count];
    }
    case 'iac-drift':
      return [riskText(risk), driftMedium(risk.fix, risk.owner), driftShort(risk.fix, risk.owner)];
    case 'ships-pending-changes':
      return [
        riskText(risk),
        firstClause(riskText(risk)),
        `Every saved change of API ${risk.apiId} ships, not only the policy.`,
        'Pending API changes ship too.',
      ];
  }
}

/**
 * Risks the dialog names: a list of affected public APIs that came back empty is good news, not a risk. (A list
 * that could not be read is a `could-not-read` risk and stays.)
 */
function isRisk(risk: Risk): boolean {
  return !(risk.kind === 'breaks-public-apis' && risk.apis.length === 0);
}

function escaped(text: string): string {
  return prose(text, Number.POSITIVE_INFINITY);
}

/** The ways to say the plan's change, longest first; a diff is never shortened, and at the end stands alone. */
function changeFormsOf(plan: NonNullable<ConfirmOffer['plan']>): string[] {
  const diffLines = (plan.diff ?? []).map((line) => inlineCode(line, LIMITS.confirmText));
  const diff = diffLines.map((line) => `\n${line}`).join('');
  return [
    ...[plan.change, shortenAtClause(plan.change, MAX_CHANGE)]
      .filter((text): text is string => text !== null)
      .map((text) => `${escaped(text)}${diff}`),
    ...(diffLines.length > 0 ? [diffLines.join('\n')] : []),
  ];
}

interface Layout {
  changeForms: string[];
  risks: string[][];
  /** Length with the change and every risk in their shortest words. */
  shortest: number;
}

function layoutOf(plan: NonNullable<ConfirmOffer['plan']>): Layout {
  const changeForms = changeFormsOf(plan);
  const risks = plan.risks.filter(isRisk).map((risk) => forms(risk).map(escaped));
  const shortest =
    (changeForms.at(-1)?.length ?? 0) +
    (risks.length > 0 ? RISKS_HEADING.length : 0) +
    risks.reduce((sum, options) => sum + BULLET.length + (options.at(-1)?.length ?? 0), 0);
  return { changeForms, risks, shortest };
}

/** True when even the shortest words of the change and of every risk do not fit Slack's dialog. */
export function confirmOverflows(offer: ConfirmOffer): boolean {
  return offer.plan !== null && layoutOf(offer.plan).shortest > LIMITS.confirmText;
}

/**
 * Confirm text within 300 characters: the change, then every risk. Everything starts at its shortest form; then
 * each risk in order of importance, and the change, take the longest form that still fits (the change first when
 * the plan has a diff).
 */
export function confirmText(offer: ConfirmOffer): string {
  if (offer.plan === null) return prose(fixById(offer.fix).genericConfirm, LIMITS.confirmText);
  const { changeForms, risks, shortest } = layoutOf(offer.plan);
  if (risks.length === 0) {
    const fitting = changeForms.find((form) => form.length <= LIMITS.confirmText) ?? changeForms.at(-1) ?? '';
    return truncate(fitting, LIMITS.confirmText);
  }
  const chosen = risks.map((options) => options.length - 1);
  let total = shortest;
  let change = changeForms.length - 1;
  // The change takes the longest form that still fits.
  const upgradeChange = () => {
    const current = changeForms[change]?.length ?? 0;
    const form = changeForms.findIndex((text) => total - current + text.length <= LIMITS.confirmText);
    if (form === -1 || form > change) return;
    total += (changeForms[form]?.length ?? 0) - current;
    change = form;
  };
  // A plan with a diff says first which API and stage it changes (the diff is already whole); otherwise the risks
  // (the APIs a VPC loses…) come before a longer sentence.
  const diffFirst = (offer.plan.diff ?? []).length > 0;
  if (diffFirst) upgradeChange();
  const length = (options: string[], form: number) => BULLET.length + (options[form]?.length ?? 0);
  for (const [i, options] of risks.entries()) {
    const current = length(options, chosen[i] ?? 0);
    const form = options.findIndex((_, f) => total - current + length(options, f) <= LIMITS.confirmText);
    if (form === -1) continue;
    chosen[i] = form;
    total += length(options, form) - current;
  }
  if (!diffFirst) upgradeChange();
  const text = `${changeForms[change]}${RISKS_HEADING}${risks.map((options, i) => `${BULLET}${options[chosen[i] ?? 0]}`).join('')}`;
  // Only a plan with many long risks overflows even in its shortest words (confirmOverflows); it is cut, never
  // silently shortened.
  return truncate(text, LIMITS.confirmText);
}
