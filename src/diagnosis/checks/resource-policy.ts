// Does the API's resource policy let the caller's VPC endpoint invoke it? Evaluated with IAM semantics for an
// unsigned (anonymous) call through each known caller endpoint, plus lints for policies that misbehave on
// private APIs. What GetRestApi returns is the *saved* policy: a change only applies after a redeploy.

import type { CallerVpcSource, Facts, VpcEndpointInfo } from '../facts.js';
import {
  type ContextValue,
  evaluatePolicy,
  invokeResourceArn,
  overlyPermissiveAllows,
  type PolicyDecision,
  type PolicyDocument,
  PolicyParseError,
  type PolicyStatement,
  parsePolicy,
  statementsUsingSourceIp,
} from '../policy/index.js';
import type { Finding } from '../types.js';
import { privateApiOrOutcome } from './api.js';
import { type Check, finding, statusFor } from './check.js';
import { policyEditSteps } from './policy-fix-text.js';

const INVOKE = 'execute-api:Invoke';
const REDEPLOY_NOTE =
  'A resource-policy change only takes effect after the stage is redeployed (saving the policy alone changes nothing).';

interface CallerEndpoint {
  vpcId: string;
  endpoint: VpcEndpointInfo;
  /** Why its VPC is thought to be the caller's; absent when the caller of a check does not care. */
  sources?: CallerVpcSource[];
}

/** The caller VPCs' endpoints that serve this region's execute-api: the only ones a request can come through. */
export function callerEndpointsInRegion(facts: Facts): CallerEndpoint[] {
  const serviceName = `com.amazonaws.${facts.region}.execute-api`;
  return facts.callerVpcs.flatMap((vpc) =>
    vpc.endpoints
      .filter((ep) => ep.serviceName === serviceName)
      .map((endpoint) => ({ vpcId: vpc.vpcId, endpoint, sources: vpc.sources })),
  );
}

/**
 * Keys a real call through a private API carries whose value the control plane cannot tell: a condition on one
 * of them (e.g. IpAddress aws:VpcSourceIp) can be neither proved nor disproved, so it must not read as absent.
 */
const CALLER_UNKNOWN_KEYS = [
  'aws:VpcSourceIp',
  'aws:SourceIp',
  'aws:CurrentTime',
  'aws:EpochTime',
  'aws:UserAgent',
  'aws:Referer',
  'aws:VpceAccount',
  'aws:VpceOrgID',
  'aws:VpceOrgPaths',
];

/** The request context of an unsigned call through `caller`'s endpoint, for the resource and endpoint policies. */
export function callerRequestContext(caller: CallerEndpoint): {
  context: Record<string, ContextValue>;
  unknownKeys: string[];
} {
  const context: Record<string, ContextValue> = {
    'aws:SourceVpce': caller.endpoint.id,
    'aws:SourceVpc': caller.vpcId,
    // Private APIs are HTTPS only.
    'aws:SecureTransport': 'true',
  };
  if (caller.endpoint.ownerId) context['aws:VpceAccount'] = caller.endpoint.ownerId;
  return { context, unknownKeys: CALLER_UNKNOWN_KEYS };
}

/** Why a decision could not be reached, for a check's reason. */
export function undecidedNote(what: string, decision: PolicyDecision): string {
  const statement = decision.statement ? ` (${statementLabel(decision.statement)})` : '';
  return `${what} could not be decided${statement}: ${decision.notes.join('; ') || 'see the policy'}`;
}

function invokeStage(facts: Facts): string | null {
  return facts.stage?.stageName ?? facts.request.stage;
}

export function invokeResourceFor(facts: Facts, apiId: string): string {
  return invokeResourceArn({
    region: facts.region,
    accountId: facts.accountId,
    apiId,
    stage: invokeStage(facts),
    url: facts.request.url,
  });
}

/** The policy with every statement's Resource/NotResource lifted: does anything allow the caller anywhere? */
function withoutResources(doc: PolicyDocument): PolicyDocument {
  return {
    ...doc,
    statements: doc.statements.map(({ resources: _r, notResources: _n, ...statement }) => statement),
  };
}

/**
 * How every text names a statement: by its position in the policy's Statement array, counted from 0 as in JSON
 * (`Statement[0]`), the same number the evidence gives as `statementIndex` and the policy parser's errors use.
 */
export function statementLabel(statement: { index: number; sid: string | null }): string {
  return statement.sid
    ? `Statement[${statement.index}] (Sid "${statement.sid}")`
    : `Statement[${statement.index}]`;
}

/**
 * True when nobody said this endpoint is the caller's (its VPC was only inferred from the policy) and the Deny
 * that decided names it with a positive operator (StringEquals / StringLike aws:SourceVpce|aws:SourceVpc): the
 * policy blocks it on purpose, so it is an unlikely caller, not a likely cause.
 */
function deliberatelyDenied(caller: CallerEndpoint, decision: PolicyDecision, doc: PolicyDocument): boolean {
  const inferred =
    caller.sources !== undefined &&
    caller.sources.length > 0 &&
    caller.sources.every((source) => source === 'policy-source-vpce' || source === 'policy-source-vpc');
  if (!inferred || decision.decision !== 'explicit-deny' || !decision.statement) return false;
  const statement = doc.statements[decision.statement.index];
  const ids = [caller.endpoint.id, caller.vpcId];
  return (
    statement?.conditions.some(
      (clause) =>
        !clause.operator.toLowerCase().includes('not') &&
        ['aws:sourcevpce', 'aws:sourcevpc'].includes(clause.key.toLowerCase()) &&
        clause.values.some((value) => ids.includes(value)),
    ) ?? false
  );
}

function denyFinding(
  caller: CallerEndpoint,
  resource: string,
  decision: PolicyDecision,
  facts: Facts,
  doc: PolicyDocument,
  deliberate = false,
): Finding {
  const vpceId = caller.endpoint.id;
  const where = `requests through ${vpceId} (VPC ${caller.vpcId})`;
  const pathCaveat = facts.request.url
    ? ''
    : ' No invoke URL was given, so the stage root was evaluated; pass the failing URL if the policy is scoped to paths.';
  const steps = policyEditSteps({
    apiId: facts.request.apiId,
    region: facts.region,
    stage: invokeStage(facts),
  });
  const detail =
    decision.decision === 'explicit-deny' && decision.statement
      ? `The resource policy's ${statementLabel(decision.statement)} explicitly denies ${INVOKE} on \`${resource}\` for ` +
        `${where}; its condition \`${JSON.stringify(conditionOf(decision.statement.json))}\` excludes this endpoint ` +
        `(callers get 403; execution logs, when on, show "... with an explicit deny"). ` +
        `${addToCondition(caller, decision.statement.index, doc)} ${steps}`
      : `No statement of the resource policy allows ${INVOKE} on \`${resource}\` for ${where}: an implicit deny ` +
        `(callers get 403; execution logs, when on, show "User: anonymous is not authorized to perform: execute-api:Invoke"). Add an Allow for ` +
        `Principal "*" on \`execute-api:/*\` conditioned on \`aws:SourceVpce\` = \`${vpceId}\`. ${steps}`;
  const inferredNote = deliberate
    ? ` The caller's VPC was not given and the policy names ${vpceId} only to deny it, so it is probably not the ` +
      'caller; pass --vpce or --vpc if it is.'
    : '';
  return finding(
    'POLICY_DENIES_VPCE',
    detail + pathCaveat + inferredNote,
    {
      vpcId: caller.vpcId,
      vpceId,
      decision: decision.decision,
      resource,
      statement: decision.statement?.json ?? null,
      statementIndex: decision.statement?.index ?? null,
      sid: decision.statement?.sid ?? null,
      ...(decision.statement ? {} : { reason: 'no statement allows' }),
      ...(decision.notes.length > 0 ? { notes: decision.notes } : {}),
      ...(deliberate ? { callerVpcSources: caller.sources } : {}),
    },
    deliberate ? { severity: 'info' } : {},
  );
}

/**
 * What to add to the Deny that excluded the caller: the endpoint id to its `aws:SourceVpce` values, or the VPC id
 * to its `aws:SourceVpc` values — whichever key its condition uses (both when it uses both).
 */
function addToCondition(caller: CallerEndpoint, index: number, doc: PolicyDocument): string {
  const keys = new Set(doc.statements[index]?.conditions.map((clause) => clause.key.toLowerCase()) ?? []);
  const label = `Statement[${index}]`;
  const edits = [
    ...(keys.has('aws:sourcevpce') ? [`\`${caller.endpoint.id}\` to its \`aws:SourceVpce\` values`] : []),
    ...(keys.has('aws:sourcevpc') ? [`\`${caller.vpcId}\` to its \`aws:SourceVpc\` values`] : []),
  ];
  if (edits.length === 0) {
    return `Change the condition of ${label} so that it no longer matches requests through \`${caller.endpoint.id}\`.`;
  }
  return `Edit ${label} of the resource policy: add ${edits.join(' and ')} in its condition.`;
}

function conditionOf(json: unknown): unknown {
  if (typeof json !== 'object' || json === null) return null;
  const entry = Object.entries(json).find(([key]) => key.toLowerCase() === 'condition');
  return entry ? entry[1] : null;
}

function lintFindings(doc: PolicyDocument, callerNote: Record<string, unknown>): Finding[] {
  const evidenceOf = (s: PolicyStatement) => ({
    statementIndex: s.index,
    sid: s.sid,
    statement: s.json,
    ...callerNote,
  });
  const sourceIp = statementsUsingSourceIp(doc).map((s) =>
    finding(
      'POLICY_USES_SOURCE_IP',
      `The resource policy's ${statementLabel(s)} conditions on aws:SourceIp, but a private API never sees the ` +
        "client's address there: the VPC endpoint rewrites the source IP. Use aws:VpcSourceIp (or aws:SourceVpce / " +
        `aws:SourceVpc) instead, then redeploy the stage. ${REDEPLOY_NOTE}`,
      evidenceOf(s),
    ),
  );
  const permissive = overlyPermissiveAllows(doc).map((s) =>
    finding(
      'POLICY_OVERLY_PERMISSIVE',
      `The resource policy's ${statementLabel(s)} allows ${INVOKE} for Principal "*" with no aws:SourceVpce, ` +
        'aws:SourceVpc, aws:VpcSourceIp or principal-account condition, and no Deny narrows it: any VPC endpoint ' +
        'in any account can invoke this API. Add a Deny with StringNotEquals aws:SourceVpce listing your endpoints ' +
        `(AWS's recommended pattern), then redeploy the stage.`,
      evidenceOf(s),
    ),
  );
  return [...sourceIp, ...permissive];
}

/**
 * The saved policy allows the caller, yet the live call through the caller's VPC was refused by an explicit deny —
 * which only a resource policy gives an unsigned call: the stage still runs an older policy (domain-reference A4,
 * "deployed vs current", fallback 3). An "anonymous is not authorized" 403 is not used: an AWS_IAM method gives the
 * same message to an unsigned call.
 */
function notDeployed(
  facts: Facts,
  allowed: { caller: CallerEndpoint; decision: PolicyDecision }[],
  resource: string,
): Finding[] {
  const probe = facts.probe;
  if (probe.state !== 'ran') return [];
  const inProbeVpc = allowed.filter((a) => a.caller.vpcId === probe.vpcId);
  const callersInProbeVpc = callerEndpointsInRegion(facts).filter((c) => c.vpcId === probe.vpcId);
  if (inProbeVpc.length === 0 || inProbeVpc.length !== callersInProbeVpc.length) return [];
  const denied = probe.result.http.find(
    (h) => h.status === 403 && /with an explicit deny/i.test(h.message ?? ''),
  );
  if (!denied) return [];
  const first = inProbeVpc[0];
  const statement = first?.decision.statement;
  return [
    finding(
      'POLICY_NOT_DEPLOYED',
      `The saved resource policy allows ${inProbeVpc.map((a) => a.caller.endpoint.id).join(', ')} on ${resource}` +
        `${statement ? ` (${statementLabel(statement)})` : ''}, but the in-VPC probe's call through VPC ${probe.vpcId} ` +
        `was refused "${denied.message}" (request id ${denied.requestId ?? 'unknown'}). The stage still enforces an ` +
        'older policy: redeploy the stage to ship the saved one.',
      {
        vpcId: probe.vpcId,
        vpceIds: inProbeVpc.map((a) => a.caller.endpoint.id),
        savedPolicyDecision: 'allow',
        allowingStatement: statement?.json ?? null,
        probe: {
          url: denied.url,
          status: denied.status,
          errorType: denied.errorType,
          message: denied.message,
          requestId: denied.requestId,
        },
      },
    ),
  ];
}

export const resourcePolicyCheck: Check = {
  id: 'resource-policy',
  run(facts) {
    const read = privateApiOrOutcome(facts);
    if ('outcome' in read) return read.outcome;
    const { api } = read;

    if (api.policy === null || api.policy.trim() === '') {
      const missing = finding(
        'POLICY_MISSING',
        `Private API ${api.id} has no resource policy, so API Gateway rejects every call (and refuses new ` +
          'deployments). Attach a policy that allows execute-api:Invoke from your VPC endpoint (Allow Principal "*" ' +
          'on execute-api:/* plus a Deny with StringNotEquals aws:SourceVpce), then deploy the stage.',
        { apiId: api.id, region: facts.region },
      );
      return { status: statusFor([missing]), findings: [missing] };
    }

    let doc: PolicyDocument;
    try {
      doc = parsePolicy(api.policy);
    } catch (error) {
      if (!(error instanceof PolicyParseError)) throw error;
      return {
        status: 'error',
        findings: [],
        reason: `the resource policy could not be parsed: ${error.message}`,
      };
    }

    const resource = invokeResourceFor(facts, api.id);
    const callers = callerEndpointsInRegion(facts);
    const denials: Finding[] = [];
    const allowed: { caller: CallerEndpoint; decision: PolicyDecision }[] = [];
    const undecided: string[] = [];
    const resourceGuessed = facts.request.url === null || invokeStage(facts) === null;
    for (const caller of callers) {
      const request = {
        action: INVOKE,
        resource,
        principal: 'anonymous',
        ...callerRequestContext(caller),
        apiContext: { region: facts.region, accountId: facts.accountId, apiId: api.id },
      };
      const decision = evaluatePolicy(doc, request);
      if (
        decision.decision === 'implicit-deny' &&
        resourceGuessed &&
        evaluatePolicy(withoutResources(doc), request).decision === 'allow'
      ) {
        // Only the stage/path we had to guess misses the Allow: the real call may well be allowed.
        undecided.push(
          `the resource policy allows ${caller.endpoint.id} only on other stages or paths than ${resource}, ` +
            'which was evaluated because the failing invoke URL (or the stage) is unknown; pass the URL to decide',
        );
        continue;
      }
      if (decision.decision === 'allow') {
        allowed.push({ caller, decision });
      } else if (decision.decision === 'indeterminate') {
        undecided.push(undecidedNote(`the resource policy for ${caller.endpoint.id}`, decision));
      } else {
        const deliberate = deliberatelyDenied(caller, decision, doc);
        denials.push(denyFinding(caller, resource, decision, facts, doc, deliberate));
      }
    }

    const callerNote =
      callers.length === 0
        ? { callerEndpoints: 'none known: the policy was linted but not evaluated for a caller endpoint' }
        : { callerEndpoints: callers.map((c) => c.endpoint.id) };
    const findings = [...denials, ...notDeployed(facts, allowed, resource), ...lintFindings(doc, callerNote)];
    const outcome = { status: statusFor(findings), findings };
    // A decision that hangs on what only the live request carries is not a pass (nor a proven deny).
    if (undecided.length > 0 && outcome.status !== 'fail') {
      return { status: 'error', findings, reason: undecided.join('; ') };
    }
    if (callers.length === 0) {
      return {
        ...outcome,
        reason: `no caller execute-api endpoint in ${facts.region} is known, so the policy was only linted; pass --vpce or --vpc to evaluate it`,
      };
    }
    return outcome;
  },
};
