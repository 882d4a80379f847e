import { STSClient } from '@aws-sdk/client-sts';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SdkIdentityReader } from '../../src/aws/sts-reader.js';
import { AwsCallError } from '../../src/diagnosis/facts.js';

const STS_URL = 'https://sts.us-east-1.amazonaws.com';
const XML_HEADERS = { 'content-type': 'text/xml' };

function reader(): SdkIdentityReader {
  return new SdkIdentityReader(new STSClient({ region: 'us-east-1', maxAttempts: 1 }));
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  nock.cleanAll();
});

describe('SdkIdentityReader.callerIdentity', () => {
  it("reads the account from GetCallerIdentity's query/XML answer", async () => {
    // Prepare: STS speaks the AWS query protocol: a form-encoded POST, an XML answer.
    const scope = nock(STS_URL)
      .post('/', { Action: 'GetCallerIdentity', Version: '2011-06-15' })
      .reply(
        200,
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::123456789012:assumed-role/apigw-diagnose/bot</Arn>
    <UserId>AROAEXAMPLEID:bot</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`,
        XML_HEADERS,
      );

    // Act
    const identity = await reader().callerIdentity();

    // Assess
    scope.done();
    expect(identity).toEqual({
      accountId: '123456789012',
      arn: 'arn:aws:sts::123456789012:assumed-role/apigw-diagnose/bot',
    });
  });

  it('throws access-denied naming sts:GetCallerIdentity when an SCP blocks it', async () => {
    const scope = nock(STS_URL)
      .post('/')
      .reply(
        403,
        `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>denied by an explicit deny in a service control policy</Message></Error>
  <RequestId>0123</RequestId>
</ErrorResponse>`,
        XML_HEADERS,
      );

    const error = await reader()
      .callerIdentity()
      .catch((e: unknown) => e);

    scope.done();
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({
      kind: 'access-denied',
      action: 'sts:GetCallerIdentity',
      operation: 'GetCallerIdentity',
    });
  });
});
