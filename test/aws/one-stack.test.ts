// One AWS stack: the diagnosis and the fixes get their clients from one factory and read AWS failures with one
// classification. These tests send the same wire answers to both sides and expect the same behaviour: timeouts
// enforced, the same number of attempts, the same kind for the same failure, and every read counted.

import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AwsClientSettings } from '../../src/aws/clients.js';
import { createAwsPorts } from '../../src/aws/ports.js';
import { createRemediationPorts, createRemediator } from '../../src/aws/remediation-gateway.js';
import { CallCounter } from '../../src/diagnosis/call-counter.js';
import { AwsCallError } from '../../src/diagnosis/facts.js';
import { RemediationCallError } from '../../src/remediation/ports.js';

const REGION = 'us-east-1';
const APIGW = `https://apigateway.${REGION}.amazonaws.com`;
const EC2 = `https://ec2.${REGION}.amazonaws.com`;
const JSON_HEADERS = { 'content-type': 'application/json' };
/** Short enough for a test, long enough that a prompt answer on a busy machine never hits it. */
const SHORT_TIMEOUT_MS = 1000;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  nock.cleanAll();
  vi.restoreAllMocks();
});

/** Both sides' GetAccount, on clients built from the same settings. */
function bothSides(settings: AwsClientSettings) {
  return {
    diagnosis: () => createAwsPorts(REGION, settings).apiGateway.getAccount(),
    remediation: () => createRemediationPorts(REGION, { aws: settings }).reader(REGION).getAccount(),
  };
}

function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
}

describe('the remediation clients', () => {
  it('give up on a call AWS does not answer in time (the timeout is enforced, not only logged)', async () => {
    // Prepare: AWS answers after 4 s; the timeout is 1 s. Without throwOnRequestTimeout the SDK would only
    // log a warning and wait for the late answer, which would then succeed.
    const scope = nock(APIGW)
      .get('/account')
      .delay(4000)
      .reply(200, { cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/logs' }, JSON_HEADERS);
    const settings = {
      maxAttempts: 1,
      timeouts: { requestTimeoutMs: SHORT_TIMEOUT_MS, connectionTimeoutMs: 2000 },
    };
    const reader = createRemediationPorts(REGION, { aws: settings }).reader(REGION);

    // Act
    const error = await failureOf(reader.getAccount());

    // Assess
    scope.done();
    expect(error).toBeInstanceOf(RemediationCallError);
    expect(error).toMatchObject({ kind: 'timeout', operation: 'GetAccount' });
    expect((error as Error).message).toMatch(
      /^AWS did not answer GetAccount within 10 s; the change may or may not/,
    );
  });

  it('time out a change too, and the fix says so instead of hanging', async () => {
    // Prepare
    const scope = nock(APIGW)
      .get('/restapis/a1b2c3d4e5/stages/prod')
      .reply(200, { stageName: 'prod', methodSettings: {} }, JSON_HEADERS)
      .get('/account')
      .reply(200, { cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/logs' }, JSON_HEADERS)
      .patch('/restapis/a1b2c3d4e5/stages/prod')
      .delay(4000)
      .reply(200, { stageName: 'prod' }, JSON_HEADERS);
    const remediator = createRemediator(REGION, {
      aws: { maxAttempts: 1, timeouts: { requestTimeoutMs: SHORT_TIMEOUT_MS, connectionTimeoutMs: 2000 } },
    });

    // Act
    const result = await remediator.apply(
      'enable-logging',
      { apiId: 'a1b2c3d4e5', region: REGION, stage: 'prod', vpceId: null },
      { userId: 'U012ABCDEF' },
    );

    // Assess
    scope.done();
    expect(result).toMatchObject({ outcome: 'aws-error', fix: 'enable-logging' });
    expect(result.outcome === 'aws-error' && result.message).toMatch(
      /did not answer UpdateStage within 10 s/,
    );
  });
});

describe('the diagnosis and the fixes', () => {
  it('make the same number of attempts on a throttled call', async () => {
    // Prepare: three throttled answers for each side; two attempts allowed; backoff jitter 0 keeps it instant.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const throttled = () =>
      nock(APIGW)
        .get('/account')
        .times(3)
        .reply(
          429,
          { message: 'Too Many Requests' },
          { ...JSON_HEADERS, 'x-amzn-errortype': 'TooManyRequestsException' },
        );
    const side = bothSides({ maxAttempts: 2 });

    // Act
    const diagnosisScope = throttled();
    const diagnosisError = await failureOf(side.diagnosis());
    const diagnosisLeft = diagnosisScope.pendingMocks().length;
    nock.cleanAll();
    const remediationScope = throttled();
    const remediationError = await failureOf(side.remediation());
    const remediationLeft = remediationScope.pendingMocks().length;

    // Assess: each side used two of the three answers, and both call it throttling.
    expect([diagnosisLeft, remediationLeft]).toEqual([1, 1]);
    expect(diagnosisError).toMatchObject({ name: 'AwsCallError', kind: 'throttled' });
    expect(remediationError).toMatchObject({ name: 'RemediationCallError', kind: 'throttled' });
    const attempts = (error: unknown) =>
      ((error as Error).cause as { $metadata?: { attempts?: number } }).$metadata?.attempts;
    expect([attempts(diagnosisError), attempts(remediationError)]).toEqual([2, 2]);
  });

  it.each([
    ['UnrecognizedClientException', 403],
    ['ExpiredTokenException', 403],
    ['InvalidSignatureException', 403],
  ])(
    'class a credential AWS refuses (%s) the same, as could-not-ask-AWS rather than a missing permission',
    async (name, status) => {
      // Prepare
      const refuse = () =>
        nock(APIGW)
          .get('/account')
          .reply(
            status,
            { message: 'The security token included in the request is invalid.' },
            {
              ...JSON_HEADERS,
              'x-amzn-errortype': name,
            },
          );
      const side = bothSides({ maxAttempts: 1 });

      // Act
      let scope = refuse();
      const diagnosisError = await failureOf(side.diagnosis());
      scope.done();
      scope = refuse();
      const remediationError = await failureOf(side.remediation());
      scope.done();

      // Assess
      expect(diagnosisError).toBeInstanceOf(AwsCallError);
      expect(remediationError).toBeInstanceOf(RemediationCallError);
      const kinds = [(diagnosisError as AwsCallError).kind, (remediationError as RemediationCallError).kind];
      expect(kinds).toEqual(['unreachable', 'unreachable']);
      expect((remediationError as Error).message).toMatch(
        /^AWS did not accept the bot's credentials for GetAccount/,
      );
    },
  );

  it('class an EC2 AuthFailure the same on both sides', async () => {
    // Prepare
    const authFailure =
      '<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>AuthFailure</Code>' +
      '<Message>AWS was not able to validate the provided access credentials</Message></Error></Errors>' +
      '<RequestID>req-auth</RequestID></Response>';
    const settings = { maxAttempts: 1 };

    // Act
    let scope = nock(EC2).post('/').reply(401, authFailure, { 'x-amzn-requestid': 'req-auth' });
    const diagnosisError = await failureOf(
      createAwsPorts(REGION, settings).ec2.describeVpcAttribute('vpc-1', 'enableDnsSupport'),
    );
    scope.done();
    scope = nock(EC2).post('/').reply(401, authFailure, { 'x-amzn-requestid': 'req-auth' });
    const remediationError = await failureOf(
      createRemediationPorts(REGION, { aws: settings })
        .reader(REGION)
        .describeVpcAttribute('vpc-1', 'enableDnsSupport'),
    );
    scope.done();

    // Assess
    expect([(diagnosisError as AwsCallError).kind, (remediationError as RemediationCallError).kind]).toEqual([
      'unreachable',
      'unreachable',
    ]);
    expect(remediationError).toMatchObject({ requestId: 'req-auth' });
  });

  it("count the fix plans' reads, service by service, when asked to", async () => {
    // Prepare: the logging plan reads the account, the stage and, the stage having no tags, the API's (its owner).
    const scope = nock(APIGW)
      .get('/account')
      .reply(200, { cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/logs' }, JSON_HEADERS)
      .get('/restapis/a1b2c3d4e5/stages/prod')
      .reply(200, { stageName: 'prod', methodSettings: { '*/*': { loggingLevel: 'OFF' } } }, JSON_HEADERS)
      .get('/restapis/a1b2c3d4e5')
      .reply(200, { id: 'a1b2c3d4e5', name: 'orders' }, JSON_HEADERS);
    const counter = new CallCounter();
    const remediator = createRemediator(REGION, { aws: { maxAttempts: 1 }, counter });

    // Act
    const plan = await remediator.plan('enable-logging', {
      apiId: 'a1b2c3d4e5',
      region: REGION,
      stage: 'prod',
      vpceId: null,
    });

    // Assess
    scope.done();
    expect(plan.fix).toBe('enable-logging');
    expect(counter.snapshot()).toMatchObject({ apigateway: 3, ec2: 0 });
  });
});
