import { AwsCallError, type AwsFailureKind } from '../diagnosis/facts.js';

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
]);
const NOT_FOUND = new Set(['NotFoundException', 'ResourceNotFoundException', 'NoSuchEntity']);
const THROTTLED = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'Throttling',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
]);
const TIMEOUT = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'AbortError']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);
// Credentials AWS refused: nothing can be asked of AWS at all, so treat it like an unreachable AWS (CLI exit 3)
// rather than as a missing permission, which would send the user to edit an IAM policy.
const NO_USABLE_CREDENTIALS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'AuthFailure',
  'SignatureDoesNotMatch',
]);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EHOSTUNREACH']);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Wraps whatever an SDK call threw into the engine's AwsCallError, keeping the original as `cause`. */
export function toAwsCallError(err: unknown, operation: string, action: string): AwsCallError {
  if (err instanceof AwsCallError) return err;
  const shape = asShape(err);
  const message = typeof shape.message === 'string' && shape.message !== '' ? shape.message : nameOf(shape);
  return new AwsCallError(classify(shape), action, message, operation, { cause: err });
}

export function classify(shape: ErrorShape): AwsFailureKind {
  const name = nameOf(shape);
  // Node network errors carry the reason in `code`; some wrappers nest the socket error in `cause`.
  const codes = [shape.code, asShape(shape.cause).code].filter((c): c is string => typeof c === 'string');
  // The SDK's credential chain found nothing (no variables, profile, or role) and sent no request.
  if (name === 'CredentialsProviderError') return 'no-credentials';
  if (NO_USABLE_CREDENTIALS.has(name)) return 'unreachable';
  if (ACCESS_DENIED.has(name) || /(^|\.)Unauthorized/.test(name)) return 'access-denied';
  if (NOT_FOUND.has(name) || name.endsWith('.NotFound')) return 'not-found';
  if (THROTTLED.has(name)) return 'throttled';
  if (TIMEOUT.has(name) || codes.some((c) => TIMEOUT_CODES.has(c))) return 'timeout';
  if (codes.some((c) => UNREACHABLE_CODES.has(c))) return 'unreachable';
  // An error code the SDK could not parse (odd body): fall back on the HTTP status.
  const status = shape.$metadata?.httpStatusCode;
  if (status === 403) return 'access-denied';
  if (status === 404) return 'not-found';
  if (status === 429) return 'throttled';
  return 'other';
}

function nameOf(shape: ErrorShape): string {
  return typeof shape.name === 'string' ? shape.name : 'Error';
}

function asShape(value: unknown): ErrorShape {
  return typeof value === 'object' && value !== null ? (value as ErrorShape) : {};
}

/** Runs one SDK call and rethrows any failure as an AwsCallError for that operation and IAM action. */
export async function callAws<T>(operation: string, action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toAwsCallError(err, operation, action);
  }
}
