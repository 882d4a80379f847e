// Is execution logging on for the stage, and could it be turned on? Logs are the only place some causes
// show (resource-policy and endpoint-policy denies), and the account-wide CloudWatch role gates enabling them.

import type { Facts } from '../facts.js';
import type { Finding } from '../types.js';
import { type Check, type CheckOutcome, couldNotRun, finding, statusFor } from './check.js';

export const loggingConfigCheck: Check = {
  id: 'logging-config',
  needs: ['stages'],
  uses: ['account'],
  run(facts: Facts): CheckOutcome {
    const { stage } = facts;
    if (stage === null) {
      return {
        status: 'skipped',
        findings: [],
        reason: 'no stage was chosen, so there is no logging setting to read',
      };
    }
    const findings: Finding[] = [];
    if (stage.loggingLevel === 'OFF') {
      findings.push(
        finding(
          'EXECUTION_LOGGING_DISABLED',
          {
            cause: `Execution logging is OFF on stage ${stage.stageName}.`,
            explanation:
              'Causes that only the execution logs show — the resource policy rejecting the caller ("User: ' +
              'anonymous is not authorized…", "…with an explicit deny") or the VPC endpoint policy ("no VPC ' +
              'endpoint policy allows…") — cannot be confirmed, and a request that never reached the API cannot ' +
              'be told apart from one that was refused.',
            fix: 'Set the log level to INFO, with metrics on, for every method of the stage; no redeploy is needed.',
            caveat: 'CloudWatch Logs charges apply.',
            resources: [facts.request.apiId, stage.stageName],
          },
          {
            apiId: facts.request.apiId,
            stage: stage.stageName,
            loggingLevel: stage.loggingLevel,
            metricsEnabled: stage.metricsEnabled,
          },
        ),
      );
    }

    const account = facts.account;
    if (account !== null && !account.ok) {
      // The stage's logging level was read, so report it; only the role part could not run.
      const partial = couldNotRun(
        'logging-config',
        'The API Gateway account settings (cloudwatchRoleArn)',
        account.error,
      );
      return { status: 'error', findings: [...findings, ...partial.findings], reason: partial.reason };
    }
    if (account?.ok && account.value.cloudwatchRoleArn === null) {
      findings.push(
        finding(
          'CLOUDWATCH_ROLE_MISSING',
          {
            cause: `API Gateway has no CloudWatch Logs role (account setting cloudwatchRoleArn) in ${facts.region}.`,
            explanation:
              'Until one is set, enabling execution logging fails with "CloudWatch Logs role ARN must be set in ' +
              'account settings to enable logging".',
            fix:
              'The role is set per region and shared by every API of the account: a role trusted by ' +
              'apigateway.amazonaws.com with the AmazonAPIGatewayPushToCloudWatchLogs policy.',
            resources: [facts.region],
          },
          { region: facts.region, cloudwatchRoleArn: null },
        ),
      );
    }
    return { status: statusFor(findings), findings };
  },
};
