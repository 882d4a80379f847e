// Enable execution logging (spec §5): UpdateStage `/*/*/logging/loglevel=INFO` and metrics on, once the account
// has the CloudWatch Logs role API Gateway needs to write logs. dataTrace is left as it is.

import { cloudWatchRoleCommand, stageLoggingCommand } from '../commands.js';
import { attempt, defineFix, readStage } from '../fix.js';
import { stageDriftAccepted, stageDriftRisks } from '../iac.js';
import type { Risk } from '../risks.js';
import type { ApplyResult, PlanBody } from '../types.js';

export const enableLogging = defineFix({
  id: 'enable-logging',
  label: 'Enable execution logging',
  requires: ['stage'],
  changes: 'stage',
  iamActions: ['apigateway:PATCH'],
  dangerous: false,
  detectsAlreadyDone: true,
  untilNextCall: {
    note: 'Execution logging is on now, but only calls made from now on are logged: call the API once, then Re-run.',
    findings: ['NO_REQUESTS_REACHED_API', 'PROBE_REQUEST_NOT_IN_LOGS'],
  },
  genericConfirm:
    'Sets execution logging to INFO and turns metrics on for this stage. CloudWatch Logs storage costs money. No redeploy is needed.',

  async plan(reader, target): Promise<PlanBody> {
    const stageName = target.stage ?? '(no stage given)';
    const risks: Risk[] = [];
    const [account, stage] = await Promise.all([
      attempt(() => reader.getAccount()),
      target.stage ? attempt(() => reader.getStage(target.apiId, stageName)) : null,
    ]);
    if (!target.stage) risks.push({ kind: 'will-be-refused', reason: 'no stage was given.' });
    if (account.ok && !account.value.cloudwatchRoleArn) {
      risks.push({ kind: 'will-be-refused', reason: cloudWatchRoleMissing(target.region) });
    }
    if (!account.ok) {
      risks.push({
        kind: 'could-not-read',
        what: "check the account's CloudWatch Logs role",
        message: account.message,
      });
    }
    if (stage && !stage.ok)
      risks.push({ kind: 'could-not-read', what: 'read the stage', message: stage.message });
    if (stage?.ok && stage.value.loggingLevel === 'INFO') {
      risks.push({ kind: 'nothing-will-change', reason: 'the stage already logs at INFO.' });
    }
    if (stage?.ok)
      risks.push(...(await stageDriftRisks('enable-logging', reader, target.apiId, stage.value)));
    risks.push({
      kind: 'cost',
      text:
        `CloudWatch Logs charges for every execution log line stored in ${executionLogGroup(target.apiId, stageName)}` +
        ' (ingestion and storage); busy stages write a lot at INFO.',
      short: 'CloudWatch Logs charges for the log lines (ingestion, storage).',
    });
    if (!(stage?.ok && stage.value.metricsEnabled)) {
      risks.push({
        kind: 'cost',
        text: `Metrics on: CloudWatch charges for the stage's detailed metrics (per metric, per method).`,
        short: 'CloudWatch charges for detailed metrics.',
      });
    }
    if (stage?.ok && stage.value.dataTraceEnabled) {
      risks.push({
        kind: 'note',
        text: 'Full request/response logging (dataTrace) is already on and stays on: bodies may hold sensitive data.',
        short: 'dataTrace stays on: logs may hold request bodies.',
      });
    }
    return {
      change: `Stage ${stageName} of API ${target.apiId} logs at INFO, metrics on; no redeploy.`,
      risks,
    };
  },

  async apply(reader, writer, target): Promise<ApplyResult> {
    const stageGate = await readStage(reader, target);
    if (!stageGate.go) return stageGate.result;
    const stage = stageGate.value;
    const account = await reader.getAccount();
    if (!account.cloudwatchRoleArn) {
      return { outcome: 'precheck-failed', reason: cloudWatchRoleMissing(target.region) };
    }
    if (stage.loggingLevel === 'INFO') {
      return {
        outcome: 'already-done',
        summary: `Stage ${stage.stageName} of API ${target.apiId} already logs at INFO.`,
      };
    }
    const receipt = await writer().enableExecutionLogging(target.apiId, stage.stageName);
    const drift = await stageDriftAccepted('enable-logging', reader, target.apiId, stage);
    return {
      outcome: 'applied',
      requestId: receipt.requestId,
      summary:
        `Stage ${stage.stageName} of API ${target.apiId} now logs at INFO with metrics on ` +
        `(was ${stage.loggingLevel}); logs go to ${executionLogGroup(target.apiId, stage.stageName)}.`,
      undo: stageLoggingCommand(
        { region: target.region, apiId: target.apiId, stage: stage.stageName },
        stage.loggingLevel,
        stage.metricsEnabled,
      ),
      ...drift,
    };
  },
});

function cloudWatchRoleMissing(region: string): string {
  return (
    `API Gateway in ${region} has no CloudWatch Logs role (account setting cloudWatchRoleArn), so it cannot ` +
    'write execution logs and the change would be rejected. It is set once per region: create an IAM role ' +
    'trusted by apigateway.amazonaws.com with the AmazonAPIGatewayPushToCloudWatchLogs policy, then run ' +
    `\`${cloudWatchRoleCommand(region, null)}\` with its ARN for \`<role-arn>\`, and try again.`
  );
}

function executionLogGroup(apiId: string, stageName: string): string {
  return `API-Gateway-Execution-Logs_${apiId}/${stageName}`;
}
