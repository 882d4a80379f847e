import { describe, expect, it } from 'vitest';
import { toRemediationError } from '../../src/aws/remediation-errors.js';
import { RemediationCallError } from '../../src/remediation/ports.js';

const context = { operation: 'UpdateStage', action: 'apigateway:PATCH', region: 'eu-west-1' };

function sdkError(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { requestId: 'req-1' } }, extra);
}

describe('toRemediationError', () => {
  it.each([
    ['AccessDeniedException', 'access-denied', /not allowed apigateway:PATCH/],
    // Refused credentials: nothing can be asked of AWS (errors.ts, the diagnosis's class too), not a permission.
    ['UnrecognizedClientException', 'unreachable', /did not accept the bot's credentials/],
    ['ExpiredTokenException', 'unreachable', /did not accept the bot's credentials/],
    ['ThrottlingException', 'throttled', /AWS is throttling UpdateStage; nothing was changed/],
    ['RequestTimeout', 'timeout', /within 10 s/],
    ['TooManyRequestsException', 'throttled', /try again in a few seconds/],
    ['NotFoundException', 'not-found', /UpdateStage found nothing in eu-west-1/],
    ['TimeoutError', 'timeout', /within 10 s; the change may or may not have been made/],
    [
      'ConflictException',
      'other',
      /^AWS rejected UpdateStage \(ConflictException\)\. AWS said: "ConflictException happened"$/,
    ],
  ])('maps %s to kind %s with a plain-words message', (name, kind, message) => {
    const mapped = toRemediationError(sdkError(name), context);

    expect(mapped).toMatchObject({ kind, operation: 'UpdateStage', requestId: 'req-1' });
    expect(mapped.message).toMatch(message);
  });

  it('reports an unreachable endpoint by its network error code', () => {
    const mapped = toRemediationError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), context);

    expect(mapped).toMatchObject({ kind: 'unreachable', requestId: null });
    expect(mapped.message).toBe('Could not reach AWS for UpdateStage (ECONNREFUSED); nothing was changed.');
  });

  it('keeps an error that is already a RemediationCallError as it is', () => {
    const original = new RemediationCallError('access-denied', 'AssumeRole', 'Could not assume', 'req-sts');

    expect(toRemediationError(original, context)).toBe(original);
  });
});
