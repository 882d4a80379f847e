// Does the caller's VPC endpoint policy let execute-api:Invoke through to this API? The default (null or
// full-access) policy always does; a custom one must be evaluated, and it also makes API Gateway evaluate the
// request's Authorization header (bearer tokens then fail with IncompleteSignatureException).

import type { Facts } from '../facts.js';
import {
  type CallerSigns,
  isFullAccessPolicy,
  judgeCaller,
  type PolicyDocument,
  PolicyParseError,
  parsePolicy,
} from '../policy/index.js';
import type { Finding } from '../types.js';
import { isPrivateApi } from './api.js';
import { type Check, type CheckOutcome, couldNotRun, finding, statusFor } from './check.js';
import {
  callerEndpointsInRegion,
  callerRequestContext,
  invokeResourceFor,
  statementLabel,
  undecidedNote,
} from './resource-policy.js';
import { requestAuthorization, signerHedgeFinding } from './signer-hedge.js';

const INVOKE = 'execute-api:Invoke';

function notApplicable(facts: Facts): CheckOutcome | null {
  const { restApi } = facts;
  if (restApi.ok && !isPrivateApi(restApi.value)) {
    return { status: 'skipped', findings: [], reason: `REST API ${restApi.value.id} is not PRIVATE` };
  }
  if (!restApi.ok && restApi.error.kind === 'not-found') {
    return {
      status: 'skipped',
      findings: [],
      reason: `REST API ${facts.request.apiId} does not exist in ${facts.region}`,
    };
  }
  return null;
}

export const endpointPolicyCheck: Check = {
  id: 'endpoint-policy',
  run(facts) {
    const skip = notApplicable(facts);
    if (skip) return skip;
    if (facts.endpoints && !facts.endpoints.ok) {
      return couldNotRun('endpoint-policy', `VPC endpoints in ${facts.region}`, facts.endpoints.error);
    }
    const callers = callerEndpointsInRegion(facts);
    if (callers.length === 0) {
      return {
        status: 'skipped',
        findings: [],
        reason: `no caller execute-api endpoint in ${facts.region} is known; pass --vpce or --vpc to check its policy`,
      };
    }

    const apiId = facts.restApi.ok ? facts.restApi.value.id : facts.request.apiId;
    const resource = invokeResourceFor(facts, apiId);
    const findings: Finding[] = [];
    const unparseable: string[] = [];
    const auth = requestAuthorization(facts);
    // The endpoint evaluates a SigV4 Authorization header whatever the method's authorization: only an AWS_IAM
    // method tells that the caller signs; otherwise it may or may not.
    const signs: CallerSigns = auth.kind === 'aws-iam' ? 'yes' : 'unknown';
    for (const { vpcId, endpoint } of callers) {
      if (endpoint.policyDocument === null) continue;
      let doc: PolicyDocument;
      try {
        doc = parsePolicy(endpoint.policyDocument);
      } catch (error) {
        if (!(error instanceof PolicyParseError)) throw error;
        unparseable.push(`${endpoint.id}: ${error.message}`);
        continue;
      }
      if (isFullAccessPolicy(doc)) continue;

      findings.push(
        finding(
          'CUSTOM_VPCE_POLICY_AUTH_HEADER',
          {
            cause:
              `Endpoint ${endpoint.id} (VPC ${vpcId}) has a custom endpoint policy, so API Gateway evaluates the ` +
              "request's Authorization header as a SigV4 signature: callers that send a bearer token or JWT there " +
              'get 403 IncompleteSignatureException.',
            fix:
              'Use a Lambda or Cognito authorizer with another header, or restore the default full-access endpoint ' +
              'policy if it is not needed.',
            resources: [endpoint.id, vpcId],
          },
          { vpcId, vpceId: endpoint.id, policy: doc.json },
        ),
      );

      const judged = judgeCaller(
        doc,
        {
          action: INVOKE,
          resource,
          ...callerRequestContext({ vpcId, endpoint }, facts),
          apiContext: { region: facts.region, accountId: facts.accountId, apiId },
        },
        signs,
      );
      const decision = judged.decision;
      if (judged.kind === 'allow') continue;
      if (judged.kind === 'depends-on-signer') {
        findings.push(
          signerHedgeFinding({
            check: 'endpoint-policy',
            whose: `The policy of endpoint ${endpoint.id} (VPC ${vpcId})`,
            vpcId,
            vpceId: endpoint.id,
            resource,
            judged,
            auth,
          }),
        );
        continue;
      }
      if (judged.kind === 'undecided') {
        unparseable.push(undecidedNote(`the policy of ${endpoint.id}`, decision));
        continue;
      }

      const why =
        decision.decision === 'explicit-deny' && decision.statement
          ? `its ${statementLabel(decision.statement)} explicitly denies it`
          : 'no statement allows it (implicit deny; logs say "because no VPC endpoint policy allows")';
      findings.push(
        finding(
          'VPCE_POLICY_DENIES',
          {
            cause:
              `The policy of endpoint ${endpoint.id} (VPC ${vpcId}) does not let an unsigned ${INVOKE} on ` +
              `${resource} through: ${why}.`,
            fix:
              `Add this API's ARN (arn:aws:execute-api:${facts.region}:*:${apiId}/*) to an Allow statement of the ` +
              'endpoint policy; endpoint-policy changes apply without a redeploy.',
            resources: [endpoint.id, vpcId, apiId],
          },
          {
            vpcId,
            vpceId: endpoint.id,
            decision: decision.decision,
            resource,
            statement: decision.statement?.json ?? null,
            ...(decision.notes.length > 0 ? { notes: decision.notes } : {}),
          },
        ),
      );
    }

    if (unparseable.length > 0 && statusFor(findings) !== 'fail') {
      return {
        status: 'error',
        findings,
        reason: `endpoint policy could not be parsed or decided (${unparseable.join('; ')})`,
      };
    }
    return { status: statusFor(findings), findings };
  },
};
