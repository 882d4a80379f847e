// The smallest resource-policy change that lets one VPC endpoint invoke the API, and nothing else (the "Allow
// endpoint in policy" fix). Pure: it reads the policy as AWS returns it and gives back the edited JSON text, the
// edits as a diff, or the reason it will not edit. Safety comes from three rules, each checked, never assumed:
// - only lists of endpoint ids grow: the endpoint is added to an `aws:SourceVpce` list the policy already uses
//   (in the Deny that excludes it, and in an Allow that admits listed endpoints); a new statement is written only
//   when the policy admits callers that way nowhere and admits no IAM principal by name;
// - a Deny that excludes the endpoint by anything other than such a list is not touched (the fix is refused);
// - the edited policy must allow the endpoint, and decide exactly as before for every other endpoint and caller
//   the check can name (the endpoints the policy lists, an unknown one, anonymous and signed callers).

import { createHash } from 'node:crypto';
import { statementLabel } from '../diagnosis/checks/policy-labels.js';
import {
  type ContextValue,
  evaluatePolicy,
  namesSpecificPrincipals,
  type PolicyDecision,
  type PolicyDocument,
  type PolicyRequest,
  type PolicyStatement,
  parsePolicy,
  policyJsonText,
  statementApplies,
} from '../diagnosis/policy/index.js';

/** One change to the policy, as the diff shows it. */
export type PolicyEdit =
  | {
      kind: 'add-to-list';
      statementIndex: number;
      sid: string | null;
      effect: 'Allow' | 'Deny';
      /** The operator and key as the policy writes them. */
      operator: string;
      key: string;
      value: string;
    }
  | { kind: 'add-statement'; statement: Record<string, unknown> };

export type PolicyEditPlan =
  | {
      outcome: 'edit';
      edits: PolicyEdit[];
      /** The edited policy, as the JSON text to save. */
      policy: string;
      /** The policy before the edit, as written (what an undo saves back). */
      previous: string;
    }
  | { outcome: 'already-allowed'; reason: string }
  | { outcome: 'refused'; reason: string };

/** What the request through the endpoint looks like, apart from the endpoint itself. */
export interface EndpointCall {
  vpceId: string;
  /** The endpoint's VPC, when known (for policies that also name VPCs); unknown otherwise. */
  vpcId: string | null;
  /** The execute-api ARN the call is authorised against. */
  resource: string;
  /** The rest of the request context (time, region, account…), without the endpoint and VPC keys. */
  context: Record<string, ContextValue>;
  unknownKeys: string[];
  apiContext: PolicyRequest['apiContext'];
}

const INVOKE = 'execute-api:Invoke';
const SOURCE_VPCE = 'aws:sourcevpce';
/** Operators under which a value list names the endpoints a Deny spares ("not one of these"). */
const SPARING = /^string(notequals|notequalsignorecase|notlike)(ifexists)?$/i;
/** Operators under which a value list names the endpoints an Allow admits ("one of these"). */
const ADMITTING = /^(foranyvalue:)?string(equals|equalsignorecase|like)(ifexists)?$/i;
/** Stands for "some endpoint this policy does not name" in the widening check. */
const UNNAMED_ENDPOINT = 'vpce-0unnamed0endpoint0';

/**
 * A short, stable fingerprint of the policy's content (not its escaping), and of the edits planned on it when
 * given: what a dialog showed, which the click must find again. An unreadable policy is fingerprinted as text.
 */
export function policyFingerprint(raw: string | null, edits: readonly PolicyEdit[] = []): string {
  let content = raw ?? '';
  try {
    if (content.trim() !== '') content = JSON.stringify(JSON.parse(policyJsonText(content)));
  } catch {
    // Kept as text: a change to it still changes the fingerprint.
  }
  const planned = edits.length > 0 ? `\n${JSON.stringify(edits)}` : '';
  return createHash('sha256').update(`${content}${planned}`).digest('base64url').slice(0, 22);
}

function requestFor(call: EndpointCall, vpceId: string, principal: string): PolicyRequest {
  const context: Record<string, ContextValue> = { ...call.context, 'aws:SourceVpce': vpceId };
  const unknownKeys = [...call.unknownKeys];
  if (vpceId === call.vpceId && call.vpcId) context['aws:SourceVpc'] = call.vpcId;
  else unknownKeys.push('aws:SourceVpc');
  return {
    action: INVOKE,
    resource: call.resource,
    principal,
    context,
    unknownKeys,
    apiContext: call.apiContext,
  };
}

function sourceVpceClause(statement: PolicyStatement, operators: RegExp) {
  return statement.conditions.find(
    (clause) => clause.key.toLowerCase() === SOURCE_VPCE && operators.test(clause.operator),
  );
}

/** Every endpoint id the policy names anywhere: each must be decided as before. */
function namedEndpoints(doc: PolicyDocument): string[] {
  const ids = doc.statements.flatMap((s) =>
    s.conditions.filter((c) => c.key.toLowerCase() === SOURCE_VPCE).flatMap((c) => c.values),
  );
  return [...new Set(ids.filter((id) => !/[*?]/.test(id)))];
}

/** The key the policy parser reads for an element: the exact name first, else any case (parse.ts's `field`). */
function elementKey(object: Record<string, unknown>, name: string): string {
  if (name in object) return name;
  return Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
}

function statementJsonList(json: Record<string, unknown>): { key: string; list: unknown[] } {
  const key = elementKey(json, 'Statement');
  const value = json[key];
  return { key, list: Array.isArray(value) ? value : [value] };
}

/** The policy JSON with the edits applied: a deep copy, the original untouched. */
function applyEdits(json: unknown, edits: readonly PolicyEdit[]): Record<string, unknown> {
  const copy = structuredClone(json) as Record<string, unknown>;
  const { key, list } = statementJsonList(copy);
  for (const edit of edits) {
    if (edit.kind === 'add-statement') {
      list.push(edit.statement);
      continue;
    }
    const statement = list[edit.statementIndex] as Record<string, unknown>;
    const condition = statement[elementKey(statement, 'Condition')] as Record<
      string,
      Record<string, unknown>
    >;
    // The operator and key are as the parser read them from this very object (Object.entries): present.
    const block = condition[edit.operator] as Record<string, unknown>;
    const values = block[edit.key];
    block[edit.key] = [...(Array.isArray(values) ? values : [values]), edit.value];
  }
  copy[key] = list;
  return copy;
}

function addToList(statement: PolicyStatement, operators: RegExp, vpceId: string): PolicyEdit | null {
  const clause = sourceVpceClause(statement, operators);
  if (!clause) return null;
  return {
    kind: 'add-to-list',
    statementIndex: statement.index,
    sid: statement.sid,
    effect: statement.effect,
    operator: clause.operator,
    key: clause.key,
    value: vpceId,
  };
}

/** A statement id: letters and digits only, as IAM requires. */
function sidFor(vpceId: string): string {
  return `AllowInvokeFrom${vpceId.replace(/[^A-Za-z0-9]/g, '')}`;
}

function newAllowStatement(vpceId: string): PolicyEdit {
  return {
    kind: 'add-statement',
    statement: {
      Sid: sidFor(vpceId),
      Effect: 'Allow',
      Principal: '*',
      Action: INVOKE,
      Resource: 'execute-api:/*',
      Condition: { StringEquals: { 'aws:SourceVpce': vpceId } },
    },
  };
}

function editedDoc(doc: PolicyDocument, edits: readonly PolicyEdit[]): PolicyDocument {
  return parsePolicy(JSON.stringify(applyEdits(doc.json, edits)));
}

/** The callers other than the endpoint whose decision must not change: widening for them is refused. */
function otherCallers(doc: PolicyDocument, call: EndpointCall): PolicyRequest[] {
  const endpoints = [...namedEndpoints(doc), UNNAMED_ENDPOINT].filter((id) => id !== call.vpceId);
  return endpoints.flatMap((id) => ['anonymous', 'signed'].map((who) => requestFor(call, id, who)));
}

function sameDecision(a: PolicyDecision, b: PolicyDecision): boolean {
  return a.decision === b.decision;
}

function undecided(decision: PolicyDecision): string {
  const statement = decision.statement ? ` (${statementLabel(decision.statement)})` : '';
  return `whether the policy lets the endpoint in could not be decided${statement}: ${decision.notes.join('; ') || 'see the policy'}`;
}

/**
 * The smallest change that lets `call.vpceId` invoke the API, for an unsigned caller as the finding evaluates
 * it. Refuses, with the reason in plain words, whenever it cannot stay within the rules above.
 */
export function planEndpointAdmission(raw: string | null, given: EndpointCall): PolicyEditPlan {
  // An id with a wildcard (or anything but an endpoint id) would let in every endpoint it matches.
  if (!/^vpce-[0-9a-f]+$/.test(given.vpceId)) {
    return { outcome: 'refused', reason: `${given.vpceId} is not a VPC endpoint id (vpce-…).` };
  }
  if (raw === null || raw.trim() === '') {
    return {
      outcome: 'refused',
      reason: 'the API has no resource policy to extend: write one (see the report).',
    };
  }
  let doc: PolicyDocument;
  let previous: string;
  try {
    previous = policyJsonText(raw);
    doc = parsePolicy(raw);
  } catch (error) {
    return {
      outcome: 'refused',
      reason: `the resource policy could not be read: ${(error as Error).message}`,
    };
  }
  const call = withApiAccount(given, doc);
  const request = requestFor(call, call.vpceId, 'anonymous');
  const before = evaluatePolicy(doc, request);
  if (before.decision === 'allow') {
    return {
      outcome: 'already-allowed',
      reason: `the saved resource policy already lets ${call.vpceId} invoke the API (${before.statement ? statementLabel(before.statement) : 'an Allow'}); if calls still fail, redeploy the stage.`,
    };
  }
  if (before.decision === 'indeterminate') return { outcome: 'refused', reason: undecided(before) };

  // 1. Every Deny that excludes the endpoint must spare it through its aws:SourceVpce list.
  const edits: PolicyEdit[] = [];
  for (const statement of doc.statements.filter((s) => s.effect === 'Deny')) {
    if (statementApplies(statement, request).applies !== true) continue;
    // A Deny that also names endpoints positively (StringEquals/StringLike aws:SourceVpce) blocks them on purpose.
    const blocking = statement.conditions.some(
      (clause) => clause.key.toLowerCase() === SOURCE_VPCE && !SPARING.test(clause.operator),
    );
    if (blocking) {
      return {
        outcome: 'refused',
        reason:
          `${statementLabel(statement)} names ${call.vpceId} (or a pattern matching it) to block it, so it is not ` +
          'changed automatically: edit the policy by hand if the endpoint must get in.',
      };
    }
    const edit = addToList(statement, SPARING, call.vpceId);
    if (!edit) {
      return {
        outcome: 'refused',
        reason:
          `${statementLabel(statement)} denies requests through ${call.vpceId} by something other than a list of ` +
          'spared endpoints (StringNotEquals aws:SourceVpce), so it is not changed automatically: edit the policy by hand.',
      };
    }
    edits.push(edit);
  }
  let decided = evaluatePolicy(editedDoc(doc, edits), request);

  // 2. Then an Allow must admit it: the first Allow that admits listed endpoints and would admit this one. When
  //    the policy admits listed endpoints but none would admit this one (a path, a VPC, a date stands in the
  //    way), it is refused: a new statement would drop those limits for it.
  if (decided.decision === 'implicit-deny') {
    const listing = doc.statements
      .filter((s) => s.effect === 'Allow')
      .map((s) => addToList(s, ADMITTING, call.vpceId))
      .filter((edit): edit is PolicyEdit => edit !== null);
    const admitting = listing.find(
      (edit) => evaluatePolicy(editedDoc(doc, [...edits, edit]), request).decision === 'allow',
    );
    const first = listing[0];
    if (admitting) {
      edits.push(admitting);
    } else if (first?.kind === 'add-to-list') {
      return {
        outcome: 'refused',
        reason:
          `${statementLabel({ index: first.statementIndex, sid: first.sid })} admits listed endpoints, but with ` +
          `${call.vpceId} in its list it still would not admit this call (another condition, the stage or the path ` +
          'stands in the way): widen it by hand if that is meant.',
      };
    } else {
      // An Allow that would admit the call but for its conditions or its Resource limits it on purpose (or by
      // mistake): a new statement would drop those limits for the endpoint.
      const limited = doc.statements.find(
        (s) =>
          s.effect === 'Allow' &&
          statementApplies({ ...s, conditions: [], resources: ['*'], notResources: undefined }, request)
            .applies === true,
      );
      if (limited) {
        return {
          outcome: 'refused',
          reason:
            `${statementLabel(limited)} allows this call only under its conditions or on other resources (another ` +
            `account, stage or path), and ${call.vpceId} does not meet them: a new statement would drop those ` +
            'limits, so widen or correct it by hand.',
        };
      }
      const byName = doc.statements.find((s) => s.effect === 'Allow' && namesSpecificPrincipals(s.principal));
      if (byName) {
        return {
          outcome: 'refused',
          reason:
            `the policy admits IAM principals by name (${statementLabel(byName)}) and lists no endpoints to extend; ` +
            'letting unsigned calls in through the endpoint is a choice to make by hand.',
        };
      }
      edits.push(newAllowStatement(call.vpceId));
    }
    decided = evaluatePolicy(editedDoc(doc, edits), request);
  }
  if (decided.decision !== 'allow') {
    return {
      outcome: 'refused',
      reason:
        decided.decision === 'indeterminate'
          ? undecided(decided)
          : `even with ${call.vpceId} added to its endpoint lists the policy would not allow it ` +
            `(${decided.statement ? statementLabel(decided.statement) : 'no Allow applies'}): edit it by hand.`,
    };
  }

  // 3. Nobody but the endpoint may gain (or lose) anything.
  const after = editedDoc(doc, edits);
  const changed = otherCallers(doc, call).find(
    (other) => !sameDecision(evaluatePolicy(doc, other), evaluatePolicy(after, other)),
  );
  if (changed) {
    return {
      outcome: 'refused',
      reason: `the edit would also change what the policy decides for ${String(changed.context['aws:SourceVpce'])}, so it is not made: edit the policy by hand.`,
    };
  }
  return { outcome: 'edit', edits, policy: JSON.stringify(applyEdits(doc.json, edits)), previous };
}

/**
 * The call with the API's account filled in from the policy when it was not known: API Gateway saves
 * `execute-api:/*` as the full ARN with the API's own account, so an ARN naming this API in this region tells it.
 */
function withApiAccount(call: EndpointCall, doc: PolicyDocument): EndpointCall {
  if (call.apiContext.accountId) return call;
  const { region, apiId } = call.apiContext;
  const pattern = new RegExp(`^arn:aws[\\w-]*:execute-api:${region}:(\\d{12}):${apiId}/`);
  const account = doc.statements
    .flatMap((s) => [...(s.resources ?? []), ...(s.notResources ?? [])])
    .map((resource) => pattern.exec(resource)?.[1])
    .find((found) => found !== undefined);
  if (!account) return call;
  return {
    ...call,
    resource: call.resource.replace(`:${region}:*:`, `:${region}:${account}:`),
    context: { ...call.context, 'aws:ResourceAccount': account },
    unknownKeys: call.unknownKeys.filter((key) => key !== 'aws:ResourceAccount'),
    apiContext: { ...call.apiContext, accountId: account },
  };
}

/**
 * The edits as a diff that fits Slack's 300-character dialog: `+` what is added and where — one line for the
 * endpoint added to lists, naming each statement, and one for a new statement.
 */
export function editDiff(edits: readonly PolicyEdit[]): string[] {
  const lists = edits.filter((edit) => edit.kind === 'add-to-list');
  const added = edits.filter((edit) => edit.kind === 'add-statement');
  const where = lists.map((edit) => `Statement[${edit.statementIndex}] ${edit.operator}`).join(', ');
  return [
    ...(lists[0] ? [`+ "${lists[0].value}" in aws:SourceVpce of ${where}`] : []),
    ...added.map(
      (edit) =>
        `+ statement: Allow Principal "*" ${INVOKE} on execute-api:/* if aws:SourceVpce = ${String(sourceVpceOf(edit.statement))}`,
    ),
  ];
}

/** The edits in words, for the audit line: where the endpoint was added, or the statement that now admits it. */
export function editWords(edits: readonly PolicyEdit[]): string {
  return edits
    .map((edit) =>
      edit.kind === 'add-to-list'
        ? `added to the aws:SourceVpce list of ${statementLabel({ index: edit.statementIndex, sid: edit.sid })} ` +
          `(${edit.effect}, ${edit.operator})`
        : `a new statement (Sid "${String(edit.statement.Sid)}") allows it`,
    )
    .join('; ');
}

function sourceVpceOf(statement: Record<string, unknown>): unknown {
  const condition = statement.Condition as { StringEquals?: Record<string, unknown> } | undefined;
  return condition?.StringEquals?.['aws:SourceVpce'];
}
