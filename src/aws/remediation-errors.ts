// Turns an SDK failure of a remediation call into a RemediationCallError whose message a person on call can
// act on: what was refused, why, what to do next. AWS's own words stay quoted as evidence.

import type { AwsFailureKind } from '../diagnosis/facts.js';
import { RemediationCallError } from '../remediation/ports.js';

export interface CallContext {
  /** API operation, e.g. `UpdateStage`. */
  operation: string;
  /** The IAM action it needs, e.g. `apigateway:PATCH`. */
  action: string;
  region: string;
  /** Plain words for a not-found answer, when the caller knows what was looked for. */
  notFound?: string;
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'Forbidden',
]);
const BAD_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'AuthFailure',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
]);
const THROTTLED = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EPIPE',
]);

/** API Gateway's answer to UpdateStage logging when the per-region account role is missing. */
const CLOUDWATCH_ROLE_MISSING = 'CloudWatch Logs role ARN must be set';

/** Request timeout of every remediation client, in ms (also quoted in the timeout message). */
export const REQUEST_TIMEOUT_MS = 10_000;

export function toRemediationError(error: unknown, context: CallContext): RemediationCallError {
  if (error instanceof RemediationCallError) return error;
  const sdk = error as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { requestId?: string; httpStatusCode?: number };
  };
  const requestId = sdk.$metadata?.requestId ?? null;
  const name = sdk.name ?? 'Error';
  const said = `AWS said: "${(sdk.message ?? String(error)).trim()}"`;
  const { operation, action, region } = context;
  const make = (kind: AwsFailureKind, message: string) =>
    new RemediationCallError(kind, operation, message, requestId, { cause: error });

  if (ACCESS_DENIED.has(name)) {
    return make(
      'access-denied',
      `AWS refused ${operation}: the bot's credentials are not allowed ${action}. Grant ${action} to the ` +
        `remediation role (or the bot's role) and try again; nothing was changed. ${said}`,
    );
  }
  if (BAD_CREDENTIALS.has(name)) {
    return make(
      'access-denied',
      `AWS did not accept the bot's credentials for ${operation} (${name}); nothing was changed. ${said}`,
    );
  }
  if (THROTTLED.has(name) || sdk.$metadata?.httpStatusCode === 429) {
    const why =
      operation === 'CreateDeployment'
        ? 'API Gateway accepts one deployment every 5 seconds per account'
        : `AWS is throttling ${operation}`;
    return make('throttled', `${why}; nothing was changed, try again in a few seconds. ${said}`);
  }
  if (name === 'NotFoundException' || name.endsWith('.NotFound')) {
    return make('not-found', context.notFound ?? `${operation} found nothing in ${region}. ${said}`);
  }
  if (sdk.message?.includes(CLOUDWATCH_ROLE_MISSING)) {
    return make(
      'other',
      `API Gateway refused to turn on logging: the account has no CloudWatch Logs role in ${region}. ${said} ` +
        'Set it once per region (an IAM role trusted by apigateway.amazonaws.com with the ' +
        `AmazonAPIGatewayPushToCloudWatchLogs policy): \`aws apigateway update-account --region ${region} ` +
        '--patch-operations op=replace,path=/cloudwatchRoleArn,value=<role-arn>`, then try again.',
    );
  }
  if (name === 'TimeoutError' || sdk.code === 'ETIMEDOUT' || name === 'RequestTimeout') {
    return make(
      'timeout',
      `AWS did not answer ${operation} within ${REQUEST_TIMEOUT_MS / 1000} s; the change may or may not have ` +
        'been made. Re-run the diagnosis to see the current state before trying again.',
    );
  }
  if (NETWORK_CODES.has(sdk.code ?? '') || NETWORK_CODES.has(name)) {
    return make(
      'unreachable',
      `Could not reach AWS for ${operation} (${sdk.code ?? name}); nothing was changed.`,
    );
  }
  const status = sdk.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) {
    return make('other', `AWS failed ${operation} on its side (HTTP ${status}); try again shortly. ${said}`);
  }
  return make('other', `AWS rejected ${operation} (${name}). ${said}`);
}
