// IAM condition operators for the keys private APIs use (aws:SourceVpce, aws:SourceVpc, aws:VpcSourceIp,
// aws:PrincipalAccount, aws:CurrentTime…). Keys are case-insensitive; operators are matched case-insensitively too,
// because a typo in case is far more likely than a deliberately unknown operator.

import { BlockList, isIP } from 'node:net';
import type { ConditionClause, ContextValue } from './types.js';
import { wildcardMatch } from './wildcard.js';

type Comparator = (requestValue: string, policyValue: string) => boolean;

interface OperatorSpec {
  negated: boolean;
  compare: Comparator;
}

function ipInRange(ip: string, range: string): boolean {
  const [address = '', prefixText] = range.split('/');
  const addressType = isIP(address);
  const ipType = isIP(ip);
  if (addressType === 0 || ipType === 0 || addressType !== ipType) return false;
  const family = addressType === 4 ? 'ipv4' : 'ipv6';
  const list = new BlockList();
  if (prefixText === undefined) list.addAddress(address, family);
  else list.addSubnet(address, Number(prefixText), family);
  return list.check(ip, family);
}

const equals: Comparator = (r, p) => r === p;
const equalsIgnoreCase: Comparator = (r, p) => r.toLowerCase() === p.toLowerCase();
const like: Comparator = (r, p) => wildcardMatch(p, r);
const bool: Comparator = (r, p) => r.toLowerCase() === p.toLowerCase();

/**
 * A date as IAM reads it: epoch seconds (digits only) or a W3C ISO 8601 form (`2026-01-31`, `2026-01-31T12:00Z`,
 * `2026-01-31T12:00:00+02:00`). Milliseconds since the epoch, or NaN when the text is neither.
 */
export function parseIamDate(text: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/i.test(trimmed)) {
    return Number.NaN;
  }
  // A date-time without a zone is UTC for IAM; JavaScript would read it as local time.
  const zoned = /T/i.test(trimmed) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed) ? `${trimmed}Z` : trimmed;
  return Date.parse(zoned);
}

/** Compares two dates; a value that is not a date makes the clause fail (IAM: the condition does not match). */
function dateComparator(test: (request: number, policy: number) => boolean): Comparator {
  return (r, p) => {
    const request = parseIamDate(r);
    const policy = parseIamDate(p);
    return !Number.isNaN(request) && !Number.isNaN(policy) && test(request, policy);
  };
}

function numericComparator(test: (request: number, policy: number) => boolean): Comparator {
  return (r, p) => {
    const request = Number(r);
    const policy = Number(p);
    return (
      r.trim() !== '' &&
      p.trim() !== '' &&
      Number.isFinite(request) &&
      Number.isFinite(policy) &&
      test(request, policy)
    );
  };
}

const OPERATORS: Record<string, OperatorSpec> = {
  stringequals: { negated: false, compare: equals },
  stringnotequals: { negated: true, compare: equals },
  stringequalsignorecase: { negated: false, compare: equalsIgnoreCase },
  stringnotequalsignorecase: { negated: true, compare: equalsIgnoreCase },
  stringlike: { negated: false, compare: like },
  stringnotlike: { negated: true, compare: like },
  // IAM documents ArnEquals and ArnLike as the same test: wildcards allowed in either.
  arnequals: { negated: false, compare: like },
  arnlike: { negated: false, compare: like },
  arnnotequals: { negated: true, compare: like },
  arnnotlike: { negated: true, compare: like },
  ipaddress: { negated: false, compare: ipInRange },
  notipaddress: { negated: true, compare: ipInRange },
  bool: { negated: false, compare: bool },
  // Dates (aws:CurrentTime, aws:EpochTime): the request's value is compared with the policy's.
  dateequals: { negated: false, compare: dateComparator((r, p) => r === p) },
  datenotequals: { negated: true, compare: dateComparator((r, p) => r === p) },
  datelessthan: { negated: false, compare: dateComparator((r, p) => r < p) },
  datelessthanequals: { negated: false, compare: dateComparator((r, p) => r <= p) },
  dategreaterthan: { negated: false, compare: dateComparator((r, p) => r > p) },
  dategreaterthanequals: { negated: false, compare: dateComparator((r, p) => r >= p) },
  numericequals: { negated: false, compare: numericComparator((r, p) => r === p) },
  numericnotequals: { negated: true, compare: numericComparator((r, p) => r === p) },
  numericlessthan: { negated: false, compare: numericComparator((r, p) => r < p) },
  numericlessthanequals: { negated: false, compare: numericComparator((r, p) => r <= p) },
  numericgreaterthan: { negated: false, compare: numericComparator((r, p) => r > p) },
  numericgreaterthanequals: { negated: false, compare: numericComparator((r, p) => r >= p) },
};

interface ParsedOperator {
  setOperator: 'any' | 'all' | null;
  base: string;
  ifExists: boolean;
}

function parseOperator(operator: string): ParsedOperator {
  let rest = operator.toLowerCase();
  let setOperator: ParsedOperator['setOperator'] = null;
  if (rest.startsWith('foranyvalue:')) {
    setOperator = 'any';
    rest = rest.slice('foranyvalue:'.length);
  } else if (rest.startsWith('forallvalues:')) {
    setOperator = 'all';
    rest = rest.slice('forallvalues:'.length);
  }
  const ifExists = rest.endsWith('ifexists') && rest !== 'ifexists';
  return { setOperator, base: ifExists ? rest.slice(0, -'ifexists'.length) : rest, ifExists };
}

/** The request's values for a key, whatever case either side uses; undefined when the key is absent. */
function lookup(context: Record<string, ContextValue>, key: string): string[] | undefined {
  const wanted = key.toLowerCase();
  for (const [name, value] of Object.entries(context)) {
    if (name.toLowerCase() !== wanted || value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    return values.length === 0 ? undefined : values;
  }
  return undefined;
}

export type ClauseResult = { ok: true; matched: boolean } | { ok: false; note: string };

/**
 * Whether a key absent from the context is known to be absent from the real request. A key the engine neither
 * models nor knows to be absent may or may not be on the call: `presenceUnknown` names it (with where AWS documents
 * it) so that a condition on it is never read as a definite match or mismatch.
 */
export type PresenceOf = (key: string) => { known: true } | { known: false; note: string };

const EVERY_KEY_KNOWN: PresenceOf = () => ({ known: true });

export function evaluateClause(
  clause: ConditionClause,
  context: Record<string, ContextValue>,
  unknownKeys: readonly string[] = [],
  presenceOf: PresenceOf = EVERY_KEY_KNOWN,
): ClauseResult {
  const operator = parseOperator(clause.operator);
  const requestValues = lookup(context, clause.key);
  const valueUnknown =
    requestValues === undefined && unknownKeys.some((key) => key.toLowerCase() === clause.key.toLowerCase());
  if (requestValues === undefined && !valueUnknown) {
    const presence = presenceOf(clause.key);
    if (!presence.known) return { ok: false, note: `condition ${clause.operator} on ${presence.note}` };
  }

  if (operator.base === 'null') {
    const absent = requestValues === undefined && !valueUnknown;
    return { ok: true, matched: clause.values.some((v) => (v.toLowerCase() === 'true') === absent) };
  }
  const spec = OPERATORS[operator.base];
  if (!spec) {
    return { ok: false, note: `unsupported condition operator ${clause.operator} (key ${clause.key})` };
  }

  if (valueUnknown) {
    return {
      ok: false,
      note: `condition ${clause.operator} on ${clause.key} depends on the caller's own value of it, which is not known here`,
    };
  }
  if (requestValues === undefined) {
    // IAM: a missing key fails positive operators and satisfies negated ones; IfExists and ForAllValues are
    // satisfied by absence, ForAnyValue is not.
    if (operator.ifExists) return { ok: true, matched: true };
    if (operator.setOperator === 'any') return { ok: true, matched: false };
    if (operator.setOperator === 'all') return { ok: true, matched: true };
    return { ok: true, matched: spec.negated };
  }

  const valueMatches = (requestValue: string): boolean => {
    const hit = clause.values.some((policyValue) => spec.compare(requestValue, policyValue));
    return spec.negated ? !hit : hit;
  };
  if (operator.setOperator === 'all') return { ok: true, matched: requestValues.every(valueMatches) };
  if (operator.setOperator === 'any') return { ok: true, matched: requestValues.some(valueMatches) };
  // Single-valued use on a multi-valued key: a negated operator holds only when no request value is listed.
  const matched = spec.negated ? requestValues.every(valueMatches) : requestValues.some(valueMatches);
  return { ok: true, matched };
}

/**
 * All clauses must hold (AND across operators and keys; OR across a clause's values). `matched` is 'unknown' when
 * no clause is definitely false and at least one could not be judged.
 */
export function evaluateConditions(
  clauses: ConditionClause[],
  context: Record<string, ContextValue>,
  unknownKeys: readonly string[] = [],
  presenceOf: PresenceOf = EVERY_KEY_KNOWN,
): { matched: boolean | 'unknown'; notes: string[] } {
  const notes: string[] = [];
  let matched: boolean | 'unknown' = true;
  for (const clause of clauses) {
    const result = evaluateClause(clause, context, unknownKeys, presenceOf);
    if (!result.ok) {
      notes.push(result.note);
      if (matched === true) matched = 'unknown';
    } else if (!result.matched) {
      matched = false;
    }
  }
  return { matched, notes };
}
