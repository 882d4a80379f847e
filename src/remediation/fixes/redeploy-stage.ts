// Redeploy stage (spec §5): CreateDeployment for the stage, naming the Slack user, keeping the previous
// deploymentId for the roll-back. Nothing in AWS tells a needed redeploy from a repeated one, so it never
// answers `already-done` (the service then refuses a second click within the "just applied" window).

import { rollbackCommand } from '../commands.js';
import { attempt, defineFix, readStage } from '../fix.js';
import { stageDriftAccepted, stageDriftRisks } from '../iac.js';
import type { Risk } from '../risks.js';
import type { ApplyResult, PlanBody } from '../types.js';

export const redeployStage = defineFix({
  id: 'redeploy-stage',
  label: 'Redeploy stage',
  requires: ['stage'],
  changes: 'stage',
  iamActions: ['apigateway:POST'],
  // Redeploying ships every pending change, not only the policy: the one fix that deserves the red button.
  dangerous: true,
  detectsAlreadyDone: false,
  confirmTitle: ({ stage }) => (stage ? `Redeploy ${stage}?` : 'Redeploy stage?'),
  genericConfirm:
    'Creates a new deployment of this stage: every pending change ships, not only the policy. Roll back by pointing the stage at the previous deployment.',

  async plan(reader, target): Promise<PlanBody> {
    const stageName = target.stage ?? '(no stage given)';
    const risks: Risk[] = [];
    const stage = target.stage ? await attempt(() => reader.getStage(target.apiId, stageName)) : null;
    const previous = stage?.ok ? stage.value.deploymentId : null;
    if (!target.stage) risks.push({ kind: 'will-be-refused', reason: 'no stage was given.' });
    risks.push({ kind: 'ships-pending-changes', apiId: target.apiId, sinceDeploymentId: previous });
    if (stage?.ok)
      risks.push(...(await stageDriftRisks('redeploy-stage', reader, target.apiId, stage.value)));
    if (!previous && stage && !stage.ok) {
      risks.push({
        kind: 'could-not-read',
        what: 'read the stage',
        message: stage.message,
        consequence: 'which deployment it replaces is unknown.',
      });
    }
    return {
      change: `Create a new deployment of API ${target.apiId} and point stage ${stageName} at it.`,
      risks,
    };
  },

  async apply(reader, writer, target, actor): Promise<ApplyResult> {
    const stageGate = await readStage(reader, target);
    if (!stageGate.go) return stageGate.result;
    const previous = stageGate.value.deploymentId;
    const stageName = stageGate.value.stageName;
    const description = `apigw-diagnose redeploy by @${actor.userName || actor.userId}`;
    const receipt = await writer().createDeployment(target.apiId, stageName, description);
    const drift = await stageDriftAccepted('redeploy-stage', reader, target.apiId, stageGate.value);
    return {
      outcome: 'applied',
      requestId: receipt.requestId,
      summary:
        `Stage ${stageName} of API ${target.apiId} now serves new deployment ${receipt.deploymentId ?? '(id not returned)'}` +
        (previous ? ` (was ${previous}).` : '.'),
      ...(previous ? { undo: rollbackCommand({ ...target, stage: stageName }, previous) } : {}),
      ...drift,
    };
  },
});
