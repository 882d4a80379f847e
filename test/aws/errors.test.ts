import { describe, expect, it } from 'vitest';
import { classify, toAwsCallError } from '../../src/aws/errors.js';
import { AwsCallError, type AwsFailureKind } from '../../src/diagnosis/facts.js';

function sdkError(name: string, message = 'aws says no', status?: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
}

describe('toAwsCallError', () => {
  it.each<[string, Error, AwsFailureKind]>([
    ['AccessDenied', sdkError('AccessDenied'), 'access-denied'],
    ['AccessDeniedException', sdkError('AccessDeniedException'), 'access-denied'],
    ['UnauthorizedOperation', sdkError('UnauthorizedOperation'), 'access-denied'],
    ['UnauthorizedException', sdkError('UnauthorizedException'), 'access-denied'],
    ['Client.UnauthorizedOperation', sdkError('Client.UnauthorizedOperation'), 'access-denied'],
    ['NotFoundException', sdkError('NotFoundException'), 'not-found'],
    ['InvalidVpcEndpointId.NotFound', sdkError('InvalidVpcEndpointId.NotFound'), 'not-found'],
    ['InvalidVpcID.NotFound', sdkError('InvalidVpcID.NotFound'), 'not-found'],
    ['InvalidGroup.NotFound', sdkError('InvalidGroup.NotFound'), 'not-found'],
    ['InvalidSubnetID.NotFound', sdkError('InvalidSubnetID.NotFound'), 'not-found'],
    ['ResourceNotFoundException', sdkError('ResourceNotFoundException'), 'not-found'],
    ['ThrottlingException', sdkError('ThrottlingException'), 'throttled'],
    ['TooManyRequestsException', sdkError('TooManyRequestsException'), 'throttled'],
    ['RequestLimitExceeded', sdkError('RequestLimitExceeded'), 'throttled'],
    ['Throttling', sdkError('Throttling'), 'throttled'],
    ['TimeoutError', sdkError('TimeoutError'), 'timeout'],
    ['RequestTimeout', sdkError('RequestTimeout'), 'timeout'],
    ['AbortError', sdkError('AbortError'), 'timeout'],
    ['ETIMEDOUT', networkError('ETIMEDOUT'), 'timeout'],
    ['ECONNREFUSED', networkError('ECONNREFUSED'), 'unreachable'],
    ['ENOTFOUND', networkError('ENOTFOUND'), 'unreachable'],
    ['EAI_AGAIN', networkError('EAI_AGAIN'), 'unreachable'],
    ['ECONNRESET', networkError('ECONNRESET'), 'unreachable'],
    ['EHOSTUNREACH', networkError('EHOSTUNREACH'), 'unreachable'],
    ['an unparsed 403', sdkError('UnknownError', 'UnknownError', 403), 'access-denied'],
    ['an unparsed 429', sdkError('UnknownError', 'UnknownError', 429), 'throttled'],
    ['InternalFailure', sdkError('InternalFailure', 'boom', 500), 'other'],
    ['a thrown string', 'weird' as unknown as Error, 'other'],
  ])('classifies %s', (_label, thrown, kind) => {
    // Act
    const error = toAwsCallError(thrown, 'GetRestApi', 'apigateway:GET');

    // Assess
    expect(error.kind).toBe(kind);
  });

  it('keeps the AWS message plain, the original as cause, and the operation and action given', () => {
    // Prepare
    const original = sdkError(
      'AccessDeniedException',
      'User: x is not authorized to perform: apigateway:GET',
    );

    // Act
    const error = toAwsCallError(original, 'GetStages', 'apigateway:GET');

    // Assess
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error.message).toBe('User: x is not authorized to perform: apigateway:GET');
    expect(error.cause).toBe(original);
    expect(error).toMatchObject({ operation: 'GetStages', action: 'apigateway:GET' });
  });

  it('uses the error name as message when AWS sent no message', () => {
    // Act
    const error = toAwsCallError(sdkError('InternalFailure', ''), 'DescribeVpcs', 'ec2:DescribeVpcs');

    // Assess
    expect(error.message).toBe('InternalFailure');
  });
});

describe('credentials that cannot be used', () => {
  it('tells missing credentials (the SDK sent nothing) apart from credentials AWS refused', () => {
    expect(classify({ name: 'CredentialsProviderError', message: 'Could not load credentials' })).toBe(
      'no-credentials',
    );
  });

  it.each(['ExpiredToken', 'AuthFailure', 'UnrecognizedClientException'])(
    'treats %s as AWS being unreachable, not as a missing permission',
    (name) => {
      expect(classify({ name, message: 'x' })).toBe('unreachable');
    },
  );
});
