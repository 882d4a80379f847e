// Turns a failed call of a fix into a RemediationCallError whose message a person on call can act on: what was
// refused, why, what to do next. AWS's own words stay quoted as evidence. The classification is errors.ts's,
// the same the diagnosis uses: only the words are the fixes' own.

import { AwsCallError } from '../diagnosis/facts.js';
import { RemediationCallError } from '../remediation/ports.js';
import { TIMEOUTS } from './clients.js';
import { type ClassifiedFailure, classifyFailure } from './errors.js';

export interface CallContext {
  /** API operation, e.g. `UpdateStage`. */
  operation: string;
  /** The IAM action it needs, e.g. `apigateway:PATCH`. */
  action: string;
  region: string;
  /** Plain words for a not-found answer, when the caller knows what was looked for. */
  notFound?: string;
}

/** API Gateway's answer to UpdateStage logging when the per-region account role is missing. */
const CLOUDWATCH_ROLE_MISSING = 'CloudWatch Logs role ARN must be set';

/** Request timeout of every remediation client, in ms (also quoted in the timeout message). */
export const REQUEST_TIMEOUT_MS = TIMEOUTS.remediation.requestTimeoutMs;

export function toRemediationError(error: unknown, context: CallContext): RemediationCallError {
  if (error instanceof RemediationCallError) return error;
  const failure = classifyFailure(error);
  // The underlying SDK error, not a reader's AwsCallError wrapper, is what the logs need.
  const cause = error instanceof AwsCallError ? (error.cause ?? error) : error;
  return new RemediationCallError(
    failure.kind,
    context.operation,
    plainWords(failure, context),
    failure.requestId,
    { cause },
  );
}

function plainWords(failure: ClassifiedFailure, context: CallContext): string {
  const { operation, action, region } = context;
  const said = `AWS said: "${failure.message}"`;
  switch (failure.cause) {
    case 'access-denied':
      return (
        `AWS refused ${operation}: the bot's credentials are not allowed ${action}. Grant ${action} to the ` +
        `remediation role (or the bot's role) and try again; nothing was changed. ${said}`
      );
    case 'credentials-refused':
      return `AWS did not accept the bot's credentials for ${operation} (${failure.name}); nothing was changed. ${said}`;
    case 'no-credentials':
      return `The bot found no AWS credentials for ${operation}; nothing was changed. ${said}`;
    case 'throttled': {
      const why =
        operation === 'CreateDeployment'
          ? 'API Gateway accepts one deployment every 5 seconds per account'
          : `AWS is throttling ${operation}`;
      return `${why}; nothing was changed, try again in a few seconds. ${said}`;
    }
    case 'not-found':
      return context.notFound ?? `${operation} found nothing in ${region}. ${said}`;
    case 'timeout':
      return (
        `AWS did not answer ${operation} within ${REQUEST_TIMEOUT_MS / 1000} s; the change may or may not have ` +
        'been made. Re-run the diagnosis to see the current state before trying again.'
      );
    case 'network':
      return `Could not reach AWS for ${operation} (${failure.code ?? failure.name}); nothing was changed.`;
    case 'server-error':
      return `AWS failed ${operation} on its side (HTTP ${failure.httpStatus}); try again shortly. ${said}`;
    case 'other':
      if (failure.message.includes(CLOUDWATCH_ROLE_MISSING)) return cloudWatchRoleMissing(region, said);
      return `AWS rejected ${operation} (${failure.name}). ${said}`;
  }
}

function cloudWatchRoleMissing(region: string, said: string): string {
  return (
    `API Gateway refused to turn on logging: the account has no CloudWatch Logs role in ${region}. ${said} ` +
    'Set it once per region (an IAM role trusted by apigateway.amazonaws.com with the ' +
    `AmazonAPIGatewayPushToCloudWatchLogs policy): \`aws apigateway update-account --region ${region} ` +
    '--patch-operations op=replace,path=/cloudwatchRoleArn,value=<role-arn>`, then try again.'
  );
}
