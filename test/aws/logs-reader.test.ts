import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SdkLogsReader } from '../../src/aws/logs-reader.js';

const LOGS_URL = 'https://logs.us-east-1.amazonaws.com';
const JSON_11 = { 'content-type': 'application/x-amz-json-1.1' };
const GROUP = 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod';

function reader(): SdkLogsReader {
  return new SdkLogsReader(new CloudWatchLogsClient({ region: 'us-east-1', maxAttempts: 1 }));
}

function filterLogEvents() {
  return nock(LOGS_URL, { reqheaders: { 'x-amz-target': 'Logs_20140328.FilterLogEvents' } }).post('/', {
    logGroupName: GROUP,
    startTime: 1_000,
    endTime: 2_000,
    limit: 1000,
  });
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  nock.cleanAll();
});

describe('SdkLogsReader.readWindow', () => {
  it('reads one page of the window without a filter pattern and reports truncation from nextToken', async () => {
    // Prepare
    const scope = filterLogEvents().reply(
      200,
      {
        events: [
          {
            logStreamName: 'abc123',
            timestamp: 1_500,
            message:
              '(req-1) User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn',
            ingestionTime: 1_600,
            eventId: '1',
          },
        ],
        searchedLogStreams: [],
        nextToken: 'more',
      },
      JSON_11,
    );

    // Act
    const window = await reader().readWindow(GROUP, 1_000, 2_000);

    // Assess
    scope.done();
    expect(window).toEqual({
      logGroupName: GROUP,
      logGroupExists: true,
      startMs: 1_000,
      endMs: 2_000,
      events: [
        {
          timestamp: 1_500,
          message:
            '(req-1) User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn',
          logStreamName: 'abc123',
        },
      ],
      truncated: true,
    });
  });

  it('reports a missing log group as a fact rather than an error', async () => {
    // Prepare
    const scope = filterLogEvents().reply(
      400,
      { __type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' },
      JSON_11,
    );

    // Act
    const window = await reader().readWindow(GROUP, 1_000, 2_000);

    // Assess
    scope.done();
    expect(window).toMatchObject({ logGroupExists: false, events: [], truncated: false });
  });

  it('throws access-denied naming logs:FilterLogEvents when the role may not read logs', async () => {
    // Prepare
    const scope = filterLogEvents().reply(
      400,
      { __type: 'AccessDeniedException', message: 'User is not authorized to perform: logs:FilterLogEvents' },
      JSON_11,
    );

    // Act
    const error = await reader()
      .readWindow(GROUP, 1_000, 2_000)
      .catch((e: unknown) => e);

    // Assess
    scope.done();
    expect(error).toMatchObject({
      name: 'AwsCallError',
      kind: 'access-denied',
      action: 'logs:FilterLogEvents',
      operation: 'FilterLogEvents',
    });
  });
});

describe('SdkLogsReader.findPhrase', () => {
  it('searches the window for the request id as one quoted phrase', async () => {
    // Prepare
    const scope = nock(LOGS_URL, { reqheaders: { 'x-amz-target': 'Logs_20140328.FilterLogEvents' } })
      .post('/', {
        logGroupName: GROUP,
        startTime: 1_000,
        endTime: 2_000,
        filterPattern: '"6f1c2c3e-0000-4000-8000-000000000001"',
        limit: 1000,
      })
      .reply(
        200,
        {
          events: [
            {
              logStreamName: 's1',
              timestamp: 1_500,
              message: '(6f1c2c3e-0000-4000-8000-000000000001) Extended Request Id: abc=',
            },
          ],
        },
        JSON_11,
      );

    // Act
    const events = await reader().findPhrase(GROUP, '6f1c2c3e-0000-4000-8000-000000000001', 1_000, 2_000);

    // Assess
    scope.done();
    expect(events).toEqual([
      {
        timestamp: 1_500,
        message: '(6f1c2c3e-0000-4000-8000-000000000001) Extended Request Id: abc=',
        logStreamName: 's1',
      },
    ]);
  });

  it('answers null when the log group does not exist', async () => {
    // Prepare
    const scope = nock(LOGS_URL)
      .post('/')
      .reply(
        400,
        { __type: 'ResourceNotFoundException', message: 'The specified log group does not exist.' },
        JSON_11,
      );

    // Act
    const events = await reader().findPhrase(GROUP, 'req-1', 1_000, 2_000);

    // Assess
    scope.done();
    expect(events).toBeNull();
  });
});
