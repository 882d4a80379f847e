// Does the API's resource policy let the caller's VPC endpoint invoke it? Evaluated with IAM semantics for an
// unsigned (anonymous) call through each known caller endpoint, plus lints for policies that misbehave on
// private APIs. What GetRestApi returns is the *saved* policy: a change only applies after a redeploy.

import type { CallerVpcSource, Facts, VpcEndpointInfo } from '../facts.js';
import { inRegionExecuteApiEndpoints } from '../model/endpoints.js';
import {
  accountOfPattern,
  type CallerJudgement,
  type CallerSigns,
  type ContextValue,
  type InvocationScope,
  invokeResourceArn,
  judgeCaller,
  matchesSomeInvocation,
  overlyPermissiveAllows,
  type PolicyDecision,
  type PolicyDocument,
  PolicyParseError,
  type PolicyStatement,
  parsePolicy,
  statementsUsingSourceIp,
} from '../policy/index.js';
import { type MethodAuthorization, pathsAnswered, verbsAnswered } from '../routes.js';
import type { Finding } from '../types.js';
import { privateApiOrOutcome } from './api.js';
import { type Check, describeFailure, finding, statusFor } from './check.js';
import { policyEditSteps } from './policy-fix-text.js';
import { statementLabel } from './policy-labels.js';
import { describeAuthorization, requestAuthorization, signerHedgeFinding } from './signer-hedge.js';

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
  return facts.callerVpcs.flatMap((vpc) =>
    inRegionExecuteApiEndpoints(vpc.endpoints, facts.region).map((endpoint) => ({
      vpcId: vpc.vpcId,
      endpoint,
      sources: vpc.sources,
    })),
  );
}

/**
 * Keys a real call through a private API carries whose value the control plane cannot tell: a condition on one
 * of them (e.g. IpAddress aws:VpcSourceIp) can be neither proved nor disproved, so it must not read as absent.
 */
const CALLER_UNKNOWN_KEYS = [
  'aws:VpcSourceIp',
  'aws:SourceIp',
  'aws:UserAgent',
  'aws:Referer',
  'aws:VpceAccount',
  'aws:VpceOrgID',
  'aws:VpceOrgPaths',
  // The API's organization is not read (it needs AWS Organizations); its account is.
  'aws:ResourceOrgID',
  'aws:ResourceOrgPaths',
];

/**
 * The request context of a call through `caller`'s endpoint, for the resource and endpoint policies. The signer's
 * keys (aws:PrincipalArn…) are absent for an unsigned call and unknown for a signed one (see policy/signer.ts).
 * aws:CurrentTime and aws:EpochTime are the diagnosis time: a date window that has passed is a definite deny.
 */
export function callerRequestContext(
  caller: CallerEndpoint,
  facts: Pick<Facts, 'nowMs' | 'accountId' | 'region'>,
): {
  context: Record<string, ContextValue>;
  unknownKeys: string[];
} {
  const call = callContext(facts);
  return {
    context: { 'aws:SourceVpce': caller.endpoint.id, 'aws:SourceVpc': caller.vpcId, ...call.context },
    unknownKeys: call.unknownKeys,
  };
}

/** The request context of a call to the API through any endpoint: all but the endpoint's own keys. */
export function callContext(facts: Pick<Facts, 'nowMs' | 'accountId' | 'region'>): {
  context: Record<string, ContextValue>;
  unknownKeys: string[];
} {
  const context: Record<string, ContextValue> = {
    // Private APIs are HTTPS only.
    'aws:SecureTransport': 'true',
    'aws:CurrentTime': new Date(facts.nowMs).toISOString(),
    'aws:EpochTime': String(Math.floor(facts.nowMs / 1000)),
    // IAM: "always included in the request context"; a private API is called in its own region.
    'aws:RequestedRegion': facts.region,
  };
  // aws:VpceAccount (and its org keys) is not in API Gateway's documented condition keys: whether a call carries
  // it is unknown, so it stays among the unknown keys even when the endpoint's owner is known.
  const unknownKeys = [...CALLER_UNKNOWN_KEYS];
  if (facts.accountId) context['aws:ResourceAccount'] = facts.accountId;
  else unknownKeys.push('aws:ResourceAccount');
  return { context, unknownKeys };
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
    ...(facts.request.method ? { method: facts.request.method } : {}),
  });
}

/** The stages and verbs a request ARN of this API can carry, as far as the facts tell. */
function invocationScope(facts: Facts): InvocationScope {
  return {
    stages: facts.stages?.ok ? facts.stages.value.map((s) => s.stageName) : null,
    verbs: facts.apiResources?.ok ? verbsAnswered(facts.apiResources.value) : null,
    paths: facts.apiResources?.ok ? pathsAnswered(facts.apiResources.value) : null,
  };
}

/** Resource patterns of the policy's statements that match no request of this API at all. */
function unreachableResources(
  doc: PolicyDocument,
  facts: Facts,
  apiId: string,
): { statement: PolicyStatement; patterns: string[] }[] {
  const api = { region: facts.region, accountId: facts.accountId, apiId };
  const scope = invocationScope(facts);
  return doc.statements
    .map((statement) => ({
      statement,
      patterns: (statement.resources ?? []).filter((p) => !matchesSomeInvocation(p, api, scope)),
    }))
    .filter((entry) => entry.patterns.length > 0);
}

/**
 * The policy with each statement's Resource lifted to "anywhere this API can be called": a Resource that matches
 * no request at all (`…:{api}/`, another account's ARN, a stage that does not exist) stays matching nothing.
 * Does anything allow the caller on some path?
 */
function onAnyReachablePath(doc: PolicyDocument, facts: Facts, apiId: string): PolicyDocument {
  const api = { region: facts.region, accountId: facts.accountId, apiId };
  const scope = invocationScope(facts);
  return {
    ...doc,
    statements: doc.statements.map(({ resources, notResources: _n, ...statement }) =>
      resources && !resources.some((p) => matchesSomeInvocation(p, api, scope))
        ? { ...statement, resources: [] }
        : statement,
    ),
  };
}

/** Statements whose every Resource ARN names an account other than the API's. */
function foreignAccountStatements(doc: PolicyDocument, accountId: string | null): PolicyStatement[] {
  if (!accountId) return [];
  return doc.statements.filter((s) => {
    const accounts = (s.resources ?? []).map(accountOfPattern);
    return (
      accounts.length > 0 &&
      accounts.every((a) => a !== null && !a.includes('*') && !a.includes('?') && a !== accountId)
    );
  });
}

export { statementLabel };

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

/** Why no Allow applied although the policy seems to allow: Resources naming another account or no request. */
interface ResourceMisses {
  foreignAccount: PolicyStatement[];
  unreachable: { statement: PolicyStatement; patterns: string[] }[];
}

function missesText(misses: ResourceMisses, accountId: string | null): string {
  const parts: string[] = [];
  for (const s of misses.foreignAccount) {
    parts.push(
      `${statementLabel(s)} names account ${(s.resources ?? []).map(accountOfPattern).join(', ')} in its Resource, ` +
        `but the API is in account ${accountId}: it matches no request to this API`,
    );
  }
  for (const { statement, patterns } of misses.unreachable) {
    if (misses.foreignAccount.includes(statement)) continue;
    parts.push(
      `${statementLabel(statement)}'s Resource ${patterns.join(', ')} matches no request at all (a request ARN is ` +
        '…:{api-id}/{stage}/{METHOD}/{path}: use e.g. execute-api:/* or …/{stage}/*)',
    );
  }
  return parts.length > 0 ? `${parts.join('; ')}.` : '';
}

function denyFinding(
  caller: CallerEndpoint,
  resource: string,
  decision: PolicyDecision,
  facts: Facts,
  misses: ResourceMisses,
  doc: PolicyDocument,
  deliberate = false,
): Finding {
  const vpceId = caller.endpoint.id;
  const where = `requests through ${vpceId} (VPC ${caller.vpcId})`;
  const pathCaveat = facts.request.url
    ? ''
    : 'No invoke URL was given, so the stage root was evaluated; pass the failing URL if the policy is scoped to paths.';
  const steps = policyEditSteps({
    apiId: facts.request.apiId,
    region: facts.region,
    stage: invokeStage(facts),
  });
  const edit =
    decision.decision === 'explicit-deny' && decision.statement
      ? addToCondition(caller, decision.statement.index, doc)
      : `Add an Allow for Principal "*" on \`execute-api:/*\` conditioned on \`aws:SourceVpce\` = \`${vpceId}\`.`;
  const cause =
    decision.decision === 'explicit-deny' && decision.statement
      ? `The resource policy's ${statementLabel(decision.statement)} explicitly denies ${INVOKE} on \`${resource}\` for ` +
        `${where}; its condition \`${JSON.stringify(conditionOf(decision.statement.json))}\` excludes this endpoint ` +
        '(callers get 403; execution logs, when on, show "... with an explicit deny").'
      : `No statement of the resource policy allows ${INVOKE} on \`${resource}\` for ${where}: an implicit deny ` +
        '(callers get 403; execution logs, when on, show "User: anonymous is not authorized to perform: execute-api:Invoke").';
  const inferredNote = deliberate
    ? `The caller's VPC was not given and the policy names ${vpceId} only to deny it, so it is probably not the ` +
      'caller; pass --vpce or --vpc if it is.'
    : '';
  const missNote = decision.decision === 'implicit-deny' ? missesText(misses, facts.accountId) : '';
  const denial = finding(
    'POLICY_DENIES_VPCE',
    {
      cause,
      explanation: missNote,
      fix: `${edit} ${steps}`,
      shortFix: `${edit} Then redeploy the stage: saving the policy alone changes nothing.`,
      caveat: [pathCaveat, inferredNote].filter(Boolean).join(' '),
      resources: [vpceId, caller.vpcId, facts.request.apiId],
    },
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
      ...missesEvidence(decision.decision === 'implicit-deny' ? misses : null, facts.accountId),
      evaluatedAt: new Date(facts.nowMs).toISOString(),
    },
    deliberate ? { severity: 'info' } : {},
  );
  // An endpoint the policy blocks on purpose is not one to let in with a click.
  return deliberate ? { ...denial, remediations: [] } : denial;
}

function missesEvidence(misses: ResourceMisses | null, accountId: string | null): Record<string, unknown> {
  if (!misses) return {};
  return {
    ...(misses.foreignAccount.length > 0
      ? {
          apiAccountId: accountId,
          foreignAccountStatements: misses.foreignAccount.map((s) => ({
            statementIndex: s.index,
            sid: s.sid,
            statement: s.json,
          })),
        }
      : {}),
    ...(misses.unreachable.length > 0
      ? {
          resourcesMatchingNoRequest: misses.unreachable.map(({ statement, patterns }) => ({
            statementIndex: statement.index,
            sid: statement.sid,
            resources: patterns,
          })),
        }
      : {}),
  };
}

/**
 * The method is not AWS_IAM-authorized, so API Gateway evaluates the resource policy for an anonymous caller, and
 * the only statements that would let the caller in name IAM principals or condition on the signer (domain-reference
 * A2 #19: "if you set the Principal to AWS, authorization fails for all resources not secured with AWS_IAM").
 */
function principalNeedsIamFinding(
  caller: CallerEndpoint,
  resource: string,
  judged: CallerJudgement,
  auth: MethodAuthorization,
  facts: Facts,
): Finding {
  const statements = judged.decided.signerStatements;
  const labels = statements.map(statementLabel).join(', ');
  return finding(
    'POLICY_PRINCIPAL_NEEDS_IAM_AUTH',
    {
      cause:
        `${describeAuthorization(auth)}, not AWS_IAM, so API Gateway evaluates the resource policy for an ` +
        `anonymous caller; ${labels} ${statements.length === 1 ? 'lets' : 'let'} in only IAM principals ` +
        '(Principal {"AWS": …} or a condition on the signer), which never match an anonymous caller.',
      explanation:
        `Requests through ${caller.endpoint.id} to ${resource} get 403 "User: anonymous is not authorized to ` +
        'perform: execute-api:Invoke".',
      fix:
        "Either set the method's authorization to AWS_IAM (and have callers sign with SigV4), or allow " +
        `Principal "*" conditioned on aws:SourceVpce = ${caller.endpoint.id}; then redeploy the stage.`,
      caveat: REDEPLOY_NOTE,
      resources: [caller.endpoint.id, caller.vpcId, facts.request.apiId],
    },
    {
      vpcId: caller.vpcId,
      vpceId: caller.endpoint.id,
      resource,
      methodAuthorization: auth.kind === 'unknown' ? null : { types: auth.types, scope: auth.scope },
      decision: judged.decision.decision,
      statement: judged.decision.statement?.json ?? statements[0]?.json ?? null,
      signerStatements: statements.map((s) => ({ statementIndex: s.index, sid: s.sid, statement: s.json })),
      evaluatedAt: new Date(facts.nowMs).toISOString(),
    },
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

function lintFindings(
  doc: PolicyDocument,
  callerNote: Record<string, unknown>,
  misses: ResourceMisses,
  apiId: string,
): Finding[] {
  // A statement whose Resource matches no request of this API allows nothing: it is not "overly permissive".
  const inert = new Set([
    ...misses.foreignAccount,
    ...misses.unreachable
      .filter((u) => u.patterns.length === (u.statement.resources?.length ?? 0))
      .map((u) => u.statement),
  ]);
  const evidenceOf = (s: PolicyStatement) => ({
    statementIndex: s.index,
    sid: s.sid,
    statement: s.json,
    ...callerNote,
  });
  const sourceIp = statementsUsingSourceIp(doc).map((s) =>
    finding(
      'POLICY_USES_SOURCE_IP',
      {
        cause:
          `The resource policy's ${statementLabel(s)} conditions on aws:SourceIp, but a private API never sees ` +
          "the client's address there: the VPC endpoint rewrites the source IP.",
        fix: 'Use aws:VpcSourceIp (or aws:SourceVpce / aws:SourceVpc) instead, then redeploy the stage.',
        caveat: REDEPLOY_NOTE,
        resources: [apiId],
      },
      evidenceOf(s),
    ),
  );
  const permissive = overlyPermissiveAllows(doc)
    .filter((s) => !inert.has(s))
    .map((s) =>
      finding(
        'POLICY_OVERLY_PERMISSIVE',
        {
          cause:
            `The resource policy's ${statementLabel(s)} allows ${INVOKE} for Principal "*" with no ` +
            'aws:SourceVpce, aws:SourceVpc, aws:VpcSourceIp or principal-account condition, and no Deny narrows ' +
            'it: any VPC endpoint in any account can invoke this API.',
          fix:
            "Add a Deny with StringNotEquals aws:SourceVpce listing your endpoints (AWS's recommended pattern), " +
            'then redeploy the stage.',
          resources: [apiId],
        },
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
      {
        cause:
          `The saved resource policy allows ${inProbeVpc.map((a) => a.caller.endpoint.id).join(', ')} on ` +
          `${resource}${statement ? ` (${statementLabel(statement)})` : ''}, but the in-VPC probe's call through ` +
          `VPC ${probe.vpcId} was refused "${denied.message}" (request id ${denied.requestId ?? 'unknown'}).`,
        explanation: 'The stage still enforces an older policy.',
        fix: 'Redeploy the stage to ship the saved one.',
        resources: [facts.request.apiId, ...inProbeVpc.map((a) => a.caller.endpoint.id), probe.vpcId],
      },
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
        {
          cause:
            `Private API ${api.id} has no resource policy, so API Gateway rejects every call (and refuses new ` +
            'deployments).',
          fix:
            'Attach a policy that allows execute-api:Invoke from your VPC endpoint (Allow Principal "*" on ' +
            'execute-api:/* plus a Deny with StringNotEquals aws:SourceVpce), then deploy the stage.',
          resources: [api.id],
        },
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
    const hedges: Finding[] = [];
    const allowed: { caller: CallerEndpoint; decision: PolicyDecision }[] = [];
    const undecided: string[] = [];
    const resourceGuessed = facts.request.url === null || invokeStage(facts) === null;
    const auth = requestAuthorization(facts);
    // API Gateway evaluates the resource policy with the caller's IAM identity only for AWS_IAM methods.
    const signs: CallerSigns = auth.kind === 'aws-iam' ? 'yes' : auth.kind === 'not-iam' ? 'no' : 'unknown';
    const misses: ResourceMisses = {
      foreignAccount: foreignAccountStatements(doc, facts.accountId),
      unreachable: unreachableResources(doc, facts, api.id),
    };
    for (const caller of callers) {
      const request = {
        action: INVOKE,
        resource,
        ...callerRequestContext(caller, facts),
        apiContext: { region: facts.region, accountId: facts.accountId, apiId: api.id },
      };
      const judged = judgeCaller(doc, request, signs);
      const decision = judged.decision;
      if (judged.kind === 'depends-on-signer') {
        hedges.push(
          signerHedgeFinding({
            check: 'resource-policy',
            whose: 'The resource policy',
            vpcId: caller.vpcId,
            vpceId: caller.endpoint.id,
            resource,
            judged,
            auth,
          }),
        );
        continue;
      }
      if (judged.kind === 'deny' && signs === 'no' && judged.decided.dependsOnSigner) {
        denials.push(principalNeedsIamFinding(caller, resource, judged, auth, facts));
        continue;
      }
      if (
        decision.decision === 'implicit-deny' &&
        resourceGuessed &&
        judgeCaller(onAnyReachablePath(doc, facts, api.id), request, signs).kind === 'allow'
      ) {
        // Only the stage/path we had to guess misses the Allow: the real call may well be allowed.
        undecided.push(
          `the resource policy allows ${caller.endpoint.id} only on other stages or paths than ${resource}, ` +
            'which was evaluated because the failing invoke URL (or the stage) is unknown; pass the URL to decide',
        );
        continue;
      }
      if (judged.kind === 'allow') {
        allowed.push({ caller, decision });
      } else if (judged.kind === 'undecided') {
        undecided.push(undecidedNote(`the resource policy for ${caller.endpoint.id}`, decision));
      } else {
        const deliberate = deliberatelyDenied(caller, decision, doc);
        denials.push(denyFinding(caller, resource, decision, facts, misses, doc, deliberate));
      }
    }

    const callerNote =
      callers.length === 0
        ? { callerEndpoints: 'none known: the policy was linted but not evaluated for a caller endpoint' }
        : { callerEndpoints: callers.map((c) => c.endpoint.id) };
    const findings = [
      ...denials,
      ...hedges,
      ...notDeployed(facts, allowed, resource),
      ...lintFindings(doc, callerNote, misses, api.id),
    ];
    const outcome = { status: statusFor(findings), findings };
    // A decision that hangs on what only the live request carries is not a pass (nor a proven deny).
    if (undecided.length > 0 && outcome.status !== 'fail') {
      const identity = facts.callerIdentity;
      if (identity && !identity.ok) {
        undecided.push(
          `the API's account could not be read (${identity.error.operation}: ${describeFailure(identity.error)})`,
        );
      }
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
