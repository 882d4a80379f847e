// The one classification of AWS failures. Diagnosis reads turn it into an AwsCallError (whose `kind` the checks
// report); the fixes turn the same classification into plain words (remediation-errors.ts). Both sides must agree
// on what a failure is, so nothing else in the code base inspects an SDK error's name or code.

import { AwsCallError, type AwsFailureKind } from '../diagnosis/facts.js';

/**
 * What went wrong, finer than AwsFailureKind where the words for a user differ (credentials AWS refused and a
 * network failure are both "could not ask AWS"; an AWS-side 5xx is an "other" failure worth retrying).
 */
export type AwsFailureCause =
  /** The SDK's credential chain found nothing (no variables, profile, or role) and sent no request. */
  | 'no-credentials'
  /** AWS refused the credentials themselves (expired, unknown, bad signature). */
  | 'credentials-refused'
  | 'access-denied'
  | 'not-found'
  | 'throttled'
  | 'timeout'
  /** No answer at the network level (refused, reset, DNS). */
  | 'network'
  /** AWS answered 5xx. */
  | 'server-error'
  | 'other';

/**
 * Credentials AWS refused mean nothing can be asked of AWS at all, so they are treated like an unreachable AWS
 * (CLI exit 3) rather than as a missing permission, which would send the user to edit an IAM policy.
 */
const KIND_OF: Record<AwsFailureCause, AwsFailureKind> = {
  'no-credentials': 'no-credentials',
  'credentials-refused': 'unreachable',
  'access-denied': 'access-denied',
  'not-found': 'not-found',
  throttled: 'throttled',
  timeout: 'timeout',
  network: 'unreachable',
  'server-error': 'other',
  other: 'other',
};

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'Forbidden',
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
const CREDENTIALS_REFUSED = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'AuthFailure',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EHOSTUNREACH',
  'EPIPE',
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: unknown; requestId?: unknown };
}

/** An SDK failure as both sides read it. */
export interface ClassifiedFailure {
  cause: AwsFailureCause;
  kind: AwsFailureKind;
  /** The error's name, e.g. `AccessDeniedException` (`Error` when it has none). */
  name: string;
  /** The Node network error code, e.g. `ECONNREFUSED`, when there is one. */
  code: string | null;
  /** AWS's own words, trimmed; the name when AWS sent none. */
  message: string;
  requestId: string | null;
  httpStatus: number | null;
}

/** Reads whatever an SDK call threw. An AwsCallError (a reader's) is read through to the SDK error it wraps. */
export function classifyFailure(err: unknown): ClassifiedFailure {
  const original = err instanceof AwsCallError && err.cause !== undefined ? err.cause : err;
  const shape = asShape(original);
  const name = typeof shape.name === 'string' ? shape.name : 'Error';
  // Node network errors carry the reason in `code`; some wrappers nest the socket error in `cause`.
  const codes = [shape.code, asShape(shape.cause).code].filter((c): c is string => typeof c === 'string');
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : null;
  const cause = causeOf(name, codes, status);
  const text = typeof shape.message === 'string' ? shape.message.trim() : '';
  return {
    cause,
    kind: KIND_OF[cause],
    name,
    code: codes[0] ?? null,
    message: text !== '' ? text : typeof original === 'string' ? original : name,
    requestId: typeof shape.$metadata?.requestId === 'string' ? shape.$metadata.requestId : null,
    httpStatus: status,
  };
}

function causeOf(name: string, codes: string[], status: number | null): AwsFailureCause {
  if (name === 'CredentialsProviderError') return 'no-credentials';
  if (CREDENTIALS_REFUSED.has(name)) return 'credentials-refused';
  if (ACCESS_DENIED.has(name) || /(^|\.)Unauthorized/.test(name)) return 'access-denied';
  if (NOT_FOUND.has(name) || name.endsWith('.NotFound')) return 'not-found';
  if (THROTTLED.has(name)) return 'throttled';
  if (TIMEOUT.has(name) || codes.some((c) => TIMEOUT_CODES.has(c))) return 'timeout';
  if (codes.some((c) => NETWORK_CODES.has(c)) || NETWORK_CODES.has(name)) return 'network';
  // An error code the SDK could not parse (odd body): fall back on the HTTP status.
  if (status === 403) return 'access-denied';
  if (status === 404) return 'not-found';
  if (status === 429) return 'throttled';
  if (status !== null && status >= 500) return 'server-error';
  return 'other';
}

/** The kind alone (the checks' vocabulary). */
export function classify(err: unknown): AwsFailureKind {
  return classifyFailure(err).kind;
}

/** Wraps whatever an SDK call threw into the engine's AwsCallError, keeping the original as `cause`. */
export function toAwsCallError(err: unknown, operation: string, action: string): AwsCallError {
  if (err instanceof AwsCallError) return err;
  const failure = classifyFailure(err);
  const shape = asShape(err);
  // The engine's message is AWS's own, untrimmed, as the checks have always quoted it.
  const message = typeof shape.message === 'string' && shape.message !== '' ? shape.message : failure.name;
  return new AwsCallError(failure.kind, action, message, operation, { cause: err });
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
