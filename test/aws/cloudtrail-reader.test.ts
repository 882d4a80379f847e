import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SdkCloudTrailReader } from '../../src/aws/cloudtrail-reader.js';
import { AwsCallError } from '../../src/diagnosis/facts.js';

const CLOUDTRAIL_URL = 'https://cloudtrail.us-east-1.amazonaws.com';
const JSON_11 = { 'content-type': 'application/x-amz-json-1.1' };
const API_ID = 'a1b2c3d4e5';
const START_MS = 1_700_000_000_000;
const END_MS = 1_707_776_000_000;
const ADMIN = 'arn:aws:sts::123456789012:assumed-role/Admin/jane';

function reader(): SdkCloudTrailReader {
  return new SdkCloudTrailReader(new CloudTrailClient({ region: 'us-east-1', maxAttempts: 1 }));
}

/** One LookupEvents call for every UpdateRestApi of the window, one page of 50 (JSON 1.1, epoch seconds). */
function lookupEvents() {
  return nock(CLOUDTRAIL_URL, {
    reqheaders: { 'x-amz-target': 'CloudTrail_20131101.LookupEvents' },
  }).post('/', {
    LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'UpdateRestApi' }],
    StartTime: START_MS / 1000,
    EndTime: END_MS / 1000,
    MaxResults: 50,
  });
}

/** A LookupEvents event whose CloudTrailEvent is the JSON record CloudTrail stores. */
function trailEvent(id: string, epochSeconds: number, record: Record<string, unknown>) {
  return {
    EventId: id,
    EventName: 'UpdateRestApi',
    EventTime: epochSeconds,
    EventSource: 'apigateway.amazonaws.com',
    CloudTrailEvent: JSON.stringify({
      eventID: id,
      eventName: 'UpdateRestApi',
      eventSource: 'apigateway.amazonaws.com',
      userIdentity: { type: 'AssumedRole', arn: ADMIN },
      ...record,
    }),
  };
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  nock.cleanAll();
});

describe('SdkCloudTrailReader.restApiUpdates', () => {
  it("keeps this API's successful updates with their patch paths, flat or wrapped in an input object", async () => {
    // Prepare
    const scope = lookupEvents().reply(
      200,
      {
        Events: [
          trailEvent('e-wrapped', 1_707_000_000, {
            requestParameters: {
              restApiId: API_ID,
              updateRestApiInput: { patchOperations: [{ op: 'replace', path: '/policy', value: '{}' }] },
            },
          }),
          trailEvent('e-flat', 1_706_000_000, {
            requestParameters: { restApiId: API_ID, patchOperations: [{ op: 'replace', path: '/name' }] },
          }),
          trailEvent('e-opaque', 1_705_000_000, { requestParameters: { restApiId: API_ID } }),
          trailEvent('e-other-api', 1_704_000_000, {
            requestParameters: {
              restApiId: 'zzzzzzzzzz',
              patchOperations: [{ op: 'replace', path: '/policy' }],
            },
          }),
          trailEvent('e-refused', 1_703_000_000, {
            errorCode: 'AccessDenied',
            requestParameters: { restApiId: API_ID, patchOperations: [{ op: 'replace', path: '/policy' }] },
          }),
        ],
      },
      JSON_11,
    );

    // Act
    const history = await reader().restApiUpdates(API_ID, START_MS, END_MS);

    // Assess
    scope.done();
    expect(history).toEqual({
      state: 'read',
      startMs: START_MS,
      endMs: END_MS,
      updates: [
        {
          eventId: 'e-wrapped',
          eventTime: '2024-02-03T22:40:00.000Z',
          actorArn: ADMIN,
          patchPaths: ['/policy'],
        },
        { eventId: 'e-flat', eventTime: '2024-01-23T08:53:20.000Z', actorArn: ADMIN, patchPaths: ['/name'] },
        { eventId: 'e-opaque', eventTime: '2024-01-11T19:06:40.000Z', actorArn: ADMIN, patchPaths: null },
      ],
      eventsRead: 5,
      truncated: false,
      oldestEventMs: 1_703_000_000_000,
    });
  });

  it('reports a truncated history when CloudTrail returns a NextToken', async () => {
    // Prepare
    const scope = lookupEvents().reply(200, { Events: [], NextToken: 'more' }, JSON_11);

    // Act
    const history = await reader().restApiUpdates(API_ID, START_MS, END_MS);

    // Assess
    scope.done();
    expect(history).toMatchObject({ state: 'read', truncated: true, eventsRead: 0, oldestEventMs: null });
  });

  it('throws access-denied naming cloudtrail:LookupEvents when the role may not look events up', async () => {
    // Prepare
    const scope = lookupEvents().reply(
      400,
      {
        __type: 'AccessDeniedException',
        message:
          'User: arn:aws:sts::123456789012:assumed-role/bot is not authorized to perform: cloudtrail:LookupEvents',
      },
      JSON_11,
    );

    // Act
    const error = await reader()
      .restApiUpdates(API_ID, START_MS, END_MS)
      .catch((e: unknown) => e);

    // Assess
    scope.done();
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({
      kind: 'access-denied',
      action: 'cloudtrail:LookupEvents',
      operation: 'LookupEvents',
    });
  });

  it.each([
    ['an HTML 502 page from a proxy', 502, '<html><body><h1>502 Bad Gateway</h1></body></html>', 'text/html'],
    [
      'an HTML 500 page (an emulator without LookupEvents)',
      500,
      '<!doctype html><title>500</title>',
      'text/html',
    ],
    [
      'a truncated JSON body',
      200,
      '{"Events":[{"EventId":"e-1","EventName":"UpdateRes',
      JSON_11['content-type'],
    ],
  ])('fails (never "no history") on %s', async (_case, status, body, contentType) => {
    // Prepare
    const scope = lookupEvents().reply(status, body, { 'content-type': contentType });

    // Act
    const error = await reader()
      .restApiUpdates(API_ID, START_MS, END_MS)
      .catch((e: unknown) => e);

    // Assess
    scope.done();
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({
      kind: 'other',
      operation: 'LookupEvents',
      action: 'cloudtrail:LookupEvents',
    });
  });

  it('throws for a CloudTrail service error in JSON rather than calling the history unavailable', async () => {
    // Prepare
    const scope = lookupEvents().reply(
      500,
      { __type: 'InternalServerErrorException', message: 'internal error' },
      JSON_11,
    );

    // Act
    const error = await reader()
      .restApiUpdates(API_ID, START_MS, END_MS)
      .catch((e: unknown) => e);

    // Assess
    scope.done();
    expect(error).toMatchObject({ kind: 'other', operation: 'LookupEvents' });
  });
});

describe('SdkCloudTrailReader.accessAssociationCreations', () => {
  const DOMAIN_ARN = 'arn:aws:apigateway:us-east-1:123456789012:/domainnames/api.example.internal+abcd1234';
  const NOW_MS = 1_780_000_000_000;
  const WINDOW_START_MS = NOW_MS - 15 * 60_000;

  function creationEvent(id: string, epochSeconds: number, record: Record<string, unknown>) {
    return {
      EventId: id,
      EventName: 'CreateDomainNameAccessAssociation',
      EventTime: epochSeconds,
      EventSource: 'apigateway.amazonaws.com',
      CloudTrailEvent: JSON.stringify({
        eventID: id,
        eventName: 'CreateDomainNameAccessAssociation',
        eventSource: 'apigateway.amazonaws.com',
        userIdentity: { type: 'AssumedRole', arn: ADMIN },
        ...record,
      }),
    };
  }

  it('reads one page of the window and keeps successful creations, their domain and endpoint wherever recorded', async () => {
    // Prepare
    const scope = nock(CLOUDTRAIL_URL, { reqheaders: { 'x-amz-target': 'CloudTrail_20131101.LookupEvents' } })
      .post('/', {
        LookupAttributes: [
          { AttributeKey: 'EventName', AttributeValue: 'CreateDomainNameAccessAssociation' },
        ],
        StartTime: WINDOW_START_MS / 1000,
        EndTime: NOW_MS / 1000,
        MaxResults: 50,
      })
      .reply(
        200,
        {
          Events: [
            creationEvent('wrapped', NOW_MS / 1000 - 240, {
              requestParameters: {
                createDomainNameAccessAssociationInput: {
                  domainNameArn: DOMAIN_ARN,
                  accessAssociationSource: 'vpce-0aaa',
                  accessAssociationSourceType: 'VPCE',
                },
              },
            }),
            creationEvent('response-only', NOW_MS / 1000 - 120, {
              requestParameters: null,
              responseElements: { domainNameArn: DOMAIN_ARN, accessAssociationSource: 'vpce-0bbb' },
            }),
            creationEvent('refused', NOW_MS / 1000 - 60, {
              errorCode: 'AccessDeniedException',
              requestParameters: { domainNameArn: DOMAIN_ARN, accessAssociationSource: 'vpce-0ccc' },
            }),
          ],
          NextToken: 'more',
        },
        JSON_11,
      );

    // Act
    const read = await reader().accessAssociationCreations(WINDOW_START_MS, NOW_MS);

    // Assess
    scope.done();
    expect(read).toEqual({
      startMs: WINDOW_START_MS,
      endMs: NOW_MS,
      truncated: true,
      creations: [
        {
          eventId: 'wrapped',
          eventTime: new Date(NOW_MS - 240_000).toISOString(),
          actorArn: ADMIN,
          domainNameArn: DOMAIN_ARN,
          source: 'vpce-0aaa',
        },
        {
          eventId: 'response-only',
          eventTime: new Date(NOW_MS - 120_000).toISOString(),
          actorArn: ADMIN,
          domainNameArn: DOMAIN_ARN,
          source: 'vpce-0bbb',
        },
      ],
    });
  });

  it('reports an HTML error page as a failed LookupEvents, never as "no creation"', async () => {
    nock(CLOUDTRAIL_URL)
      .post('/')
      .reply(502, '<html><body>Bad Gateway</body></html>', { 'content-type': 'text/html' });
    const error = await reader()
      .accessAssociationCreations(WINDOW_START_MS, NOW_MS)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({ operation: 'LookupEvents', action: 'cloudtrail:LookupEvents' });
  });
});
