// Allow endpoint in policy: the resource-policy edit that lets the caller's VPC endpoint in (POLICY_DENIES_VPCE,
// also when the endpoint is another account's), then the redeploy that makes it live. The edit is the smallest
// one policy-edit.ts finds, shown as a diff in the dialog; the click re-reads the policy and refuses when it is
// no longer the one the dialog showed; the Undo puts the previous policy back exactly, and redeploys.

import { callContext } from '../../diagnosis/checks/resource-policy.js';
import { invokeResourceArn } from '../../diagnosis/policy/index.js';
import { attempt, defineFix, readStage, refusal } from '../fix.js';
import { driftAccepted, driftRisks } from '../iac.js';
import {
  type EndpointCall,
  editDiff,
  editWords,
  planEndpointAdmission,
  policyFingerprint,
} from '../policy-edit.js';
import { RemediationCallError, type RemediationReader, type RemediationWriter } from '../ports.js';
import type { Risk } from '../risks.js';
import type { Actor, ApplyResult, FixTarget, PlanBody } from '../types.js';

/** What the Undo needs: the policy as it was, and the fingerprint of the one the fix saved. */
interface PolicyUndoRecord {
  previous: string;
  written: string;
  vpceId: string;
}

function endpointCall(target: FixTarget, vpceId: string, vpcId: string | null, nowMs: number): EndpointCall {
  const accountId = target.accountId ?? null;
  return {
    vpceId,
    vpcId,
    resource: invokeResourceArn({
      region: target.region,
      accountId,
      apiId: target.apiId,
      stage: target.stage,
      url: target.invocation?.url ?? null,
      ...(target.invocation?.method ? { method: target.invocation.method } : {}),
    }),
    ...callContext({ nowMs, accountId, region: target.region }),
    apiContext: { region: target.region, accountId, apiId: target.apiId },
  };
}

/**
 * The shipped remediation policy lets the role change only the policies of APIs that opt in with this tag (or
 * that the member template lists by id): an untagged API is likely refused, which the dialog should say.
 */
const OPT_IN_TAG = 'apigw-diagnose:policy-fix';

function optInRisks(apiId: string, tags: Record<string, string>): Risk[] {
  if (tags[OPT_IN_TAG] === 'allowed') return [];
  return [
    {
      kind: 'note',
      text:
        `API ${apiId} lacks the tag ${OPT_IN_TAG}=allowed: a remediation role built from iam/remediation-policy.json ` +
        'refuses this change (AccessDenied) unless the role lists the API by id.',
      short: 'Untagged API: the shipped IAM policy refuses it.',
    },
  ];
}

/**
 * The endpoint's VPC, for policies that also name VPCs. An endpoint of another account is not found with the
 * API account's credentials: then its VPC is unknown, and a condition on aws:SourceVpc stays undecided.
 */
async function endpointVpc(reader: RemediationReader, vpceId: string | null): Promise<string | null> {
  if (!vpceId) return null;
  const endpoint = await attempt(() => reader.getVpcEndpoint(vpceId));
  return endpoint.ok ? (endpoint.value?.vpcId ?? null) : null;
}

const CHANGED_SINCE_PLAN =
  'The resource policy changed since this report was posted (or the change it needs did), so the change its ' +
  'dialog showed is not the one that would be made. Nothing was changed: re-run the diagnosis to see the change ' +
  'on the current policy.';

export const allowEndpointInPolicy = defineFix({
  id: 'allow-endpoint-in-policy',
  label: 'Allow endpoint in policy',
  requires: ['stage', 'vpceId'],
  changes: 'api',
  // UpdateRestApi of /policy needs UpdateRestApiPolicy beside PATCH (API Gateway guide, "Create and attach a
  // resource policy").
  iamActions: ['apigateway:PATCH', 'apigateway:UpdateRestApiPolicy', 'apigateway:POST'],
  // It changes who may call the API, and its redeploy ships every pending change.
  dangerous: true,
  detectsAlreadyDone: true,
  offeredOnlyWithPlan: true,
  confirmTitle: () => 'Allow endpoint in policy?',
  genericConfirm:
    "Adds the endpoint to the API's resource policy, then redeploys the stage: every pending change ships too.",

  async plan(reader, target): Promise<PlanBody> {
    const vpceId = target.vpceId ?? '(no endpoint given)';
    const stageName = target.stage ?? '(no stage given)';
    const [api, stage, vpcId] = await Promise.all([
      attempt(() => reader.getRestApiPolicy(target.apiId)),
      target.stage ? attempt(() => reader.getStage(target.apiId, stageName)) : null,
      endpointVpc(reader, target.vpceId),
    ]);
    const change = `Add ${vpceId} to the resource policy of API ${target.apiId}, then redeploy stage ${stageName}.`;
    if (!api.ok) {
      return {
        change,
        risks: [{ kind: 'could-not-read', what: 'read the resource policy', message: api.message }],
        withheld: `the resource policy could not be read (${api.message}), so the change cannot be shown first.`,
      };
    }
    const edit = planEndpointAdmission(api.value.policy, endpointCall(target, vpceId, vpcId, Date.now()));
    if (edit.outcome !== 'edit') return { change, risks: [], withheld: edit.reason };
    const risks: Risk[] = [
      {
        kind: 'ships-pending-changes',
        apiId: target.apiId,
        sinceDeploymentId: stage?.ok ? stage.value.deploymentId : null,
      },
      ...driftRisks('allow-endpoint-in-policy', api.value.tags, `API ${target.apiId}`),
      ...optInRisks(target.apiId, api.value.tags),
    ];
    return {
      change,
      diff: editDiff(edit.edits),
      basis: policyFingerprint(api.value.policy, edit.edits),
      risks,
    };
  },

  async apply(reader, writer, target, actor): Promise<ApplyResult> {
    const vpceId = target.vpceId;
    if (!vpceId) return refusal('No VPC endpoint was given: re-run the diagnosis with --vpce vpce-….');
    if (!target.basis) {
      return refusal(
        'This button does not carry the policy its change was planned on: re-run the diagnosis to see the change first.',
      );
    }
    const [stageGate, api, vpcId] = await Promise.all([
      readStage(reader, target),
      reader.getRestApiPolicy(target.apiId),
      endpointVpc(reader, vpceId),
    ]);
    if (!stageGate.go) return stageGate.result;
    const edit = planEndpointAdmission(api.policy, endpointCall(target, vpceId, vpcId, Date.now()));
    if (edit.outcome === 'already-allowed') return { outcome: 'already-done', summary: edit.reason };
    if (edit.outcome === 'refused') return refusal(edit.reason);
    // The policy and the change must both be the ones the dialog showed (a date or the endpoint's VPC may have
    // changed the change on the same policy).
    if (policyFingerprint(api.policy, edit.edits) !== target.basis) return refusal(CHANGED_SINCE_PLAN);
    const stageName = stageGate.value.stageName;
    const write = writer();
    const saved = await write.putRestApiPolicy(target.apiId, edit.policy);
    const record = await undoRecordAfterSave(reader, target.apiId, edit, vpceId);
    const deployed = await redeploy(write, target.apiId, stageName, `allow ${vpceId}`, actor, {
      done: `The resource policy was saved (request ${saved.requestId ?? 'id not returned'})`,
      record,
      retry: 'Redeploy the stage, or Undo.',
    });
    if (deployed.outcome !== 'applied') return deployed;
    return {
      ...deployed,
      requestId: saved.requestId,
      summary:
        `The resource policy of API ${target.apiId} now lets ${vpceId} in: ${editWords(edit.edits)}. ` +
        `Stage ${stageName} ${deployed.summary}`,
      ...driftAccepted('allow-endpoint-in-policy', api.tags, `API ${target.apiId}`),
    };
  },

  undo: {
    confirm:
      'Puts back the resource policy as it was before the fix, then redeploys the stage (every pending change ' +
      'ships too). Refused if the policy changed since the fix.',
    apply: undoAllow,
  },
});

async function undoAllow(
  reader: RemediationReader,
  writer: () => RemediationWriter,
  target: FixTarget,
  rawRecord: string,
  actor: Actor,
): Promise<ApplyResult> {
  const record = parseRecord(rawRecord);
  if (!record) return refusal('The undo record is not readable: nothing was changed.');
  const [stageGate, api] = await Promise.all([
    readStage(reader, target),
    reader.getRestApiPolicy(target.apiId),
  ]);
  if (!stageGate.go) return stageGate.result;
  const now = policyFingerprint(api.policy);
  // Back already (by hand, or by an Undo whose redeploy failed): whether the stage serves it is unknown, so it is
  // redeployed all the same, which makes the restored policy live.
  const alreadyBack = now === policyFingerprint(record.previous);
  if (!alreadyBack && now !== record.written) {
    return refusal(
      `The resource policy of API ${target.apiId} changed after the fix, so putting the old one back would undo ` +
        'that change too. Nothing was changed: edit the policy by hand if the endpoint must go.',
    );
  }
  const stageName = stageGate.value.stageName;
  const write = writer();
  const saved = alreadyBack ? null : await write.putRestApiPolicy(target.apiId, record.previous);
  const deployed = await redeploy(write, target.apiId, stageName, `undo allow ${record.vpceId}`, actor, {
    done: saved
      ? `The previous resource policy was put back (request ${saved.requestId ?? 'id not returned'})`
      : 'The resource policy is back as it was',
    record: null,
    retry: 'Redeploy the stage, or click Undo again.',
  });
  if (deployed.outcome !== 'applied') return deployed;
  return {
    ...deployed,
    ...(saved ? { requestId: saved.requestId } : {}),
    summary:
      `The resource policy of API ${target.apiId} ${saved ? 'is' : 'was already'} back to what it was before ` +
      `${record.vpceId} was added. Stage ${stageName} ${deployed.summary}`,
  };
}

/**
 * The Undo's record, with the fingerprint of what AWS stored: it may rewrite parts of a saved policy (the short
 * `execute-api:/*` becomes a full ARN), and the Undo compares the policy it finds with it. When the read-back
 * fails, the policy as sent stands in: the Undo then refuses rather than guess, if AWS rewrote it.
 */
async function undoRecordAfterSave(
  reader: RemediationReader,
  apiId: string,
  edit: { previous: string; policy: string },
  vpceId: string,
): Promise<string> {
  let written = policyFingerprint(edit.policy);
  try {
    written = policyFingerprint((await reader.getRestApiPolicy(apiId)).policy);
  } catch (error) {
    if (!(error instanceof RemediationCallError)) throw error;
  }
  const record: PolicyUndoRecord = { previous: edit.previous, written, vpceId };
  return JSON.stringify(record);
}

/**
 * The redeploy after a saved policy. A failure here leaves the policy saved but not live: the result says so in
 * plain words, and still carries the undo record so the saved change can be taken back.
 */
async function redeploy(
  writer: RemediationWriter,
  apiId: string,
  stageName: string,
  why: string,
  actor: Actor,
  after: {
    /** What was done before the redeploy, in words for a failure message ("The resource policy was saved …"). */
    done: string;
    record: string | null;
    /** What to do when the redeploy fails. */
    retry: string;
  },
): Promise<ApplyResult> {
  const undo = after.record ? { undoRecord: after.record } : {};
  try {
    const deployment = await writer.createDeployment(
      apiId,
      stageName,
      `apigw-diagnose ${why} by @${actor.userName || actor.userId}`,
    );
    return {
      outcome: 'applied',
      requestId: deployment.requestId,
      summary: `serves new deployment ${deployment.deploymentId ?? '(id not returned)'}, so it is live.`,
      ...undo,
    };
  } catch (error) {
    if (!(error instanceof RemediationCallError)) throw error;
    return {
      outcome: 'aws-error',
      requestId: error.requestId,
      message: `${after.done} but the redeploy of stage ${stageName} failed, so it is not live yet: ${error.message} ${after.retry}`,
      ...undo,
    };
  }
}

function parseRecord(raw: string): PolicyUndoRecord | null {
  try {
    const parsed = JSON.parse(raw) as Partial<PolicyUndoRecord>;
    return typeof parsed.previous === 'string' &&
      typeof parsed.written === 'string' &&
      typeof parsed.vpceId === 'string'
      ? { previous: parsed.previous, written: parsed.written, vpceId: parsed.vpceId }
      : null;
  } catch {
    return null;
  }
}
