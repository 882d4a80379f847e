import { describe, expect, it } from 'vitest';
import { probeRequestLogsCheck } from '../../../src/diagnosis/checks/probe-request-logs.js';
import type { Facts, RequestLogMatch, StageInfo } from '../../../src/diagnosis/facts.js';
import {
  accessLogGroupName,
  findProbeRequests,
  requestLogTargets,
} from '../../../src/diagnosis/request-logs-gather.js';
import { probeFacts, ranProbe } from '../../probe/probe-facts.js';
import { FORBIDDEN, httpStep, probeOutput } from '../../probe/probe-output-fixtures.js';
import { fetchedFailed, fetchedOk, stage } from './facts-builder.js';

const GROUP = 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod';
const ID = FORBIDDEN.requestId;
const forbiddenProbe = ranProbe(probeOutput({ http: [httpStep({ ...FORBIDDEN })] }));

function facts(overrides: Partial<Facts>, stageOverrides: Partial<StageInfo> = {}): Facts {
  return { ...probeFacts(forbiddenProbe), stage: stage(stageOverrides), ...overrides };
}

function match(lines: string[], overrides: Partial<RequestLogMatch> = {}): RequestLogMatch {
  return {
    requestIds: [ID],
    searches: [
      {
        logGroupName: GROUP,
        kind: 'execution',
        exists: true,
        events: lines.map((message, i) => ({
          timestamp: 1_764_064_800_000 + i,
          message,
          logStreamName: 's1',
        })),
      },
    ],
    attempts: 1,
    waitedMs: 0,
    notSearched: [],
    ...overrides,
  };
}

describe('probe-request-logs check', () => {
  it('says the request reached the API and quotes the line that refused it', () => {
    // Act
    const outcome = probeRequestLogsCheck.run(
      facts({
        probeRequestLogs: fetchedOk(
          match([
            `(${ID}) Extended Request Id: abc=`,
            `(${ID}) User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:…`,
          ]),
        ),
      }),
    );

    // Assess
    expect(outcome.findings).toMatchObject([
      { code: 'PROBE_REQUEST_IN_LOGS', evidence: { requestId: ID, lines: [{ logStream: 's1' }, {}] } },
    ]);
    expect(outcome.findings[0]?.detail).toContain(
      'reached API a1b2c3d4e5 and was refused by the resource policy',
    );
    expect(outcome.findings[0]?.detail).toContain('User: anonymous is not authorized');
  });

  it('says the request never reached this API when logging is at INFO and the id is absent after the retries', () => {
    // Act
    const outcome = probeRequestLogsCheck.run(
      facts({ probeRequestLogs: fetchedOk(match([], { attempts: 3, waitedMs: 8_000 })) }),
    );

    // Assess
    expect(outcome.status).toBe('warn');
    expect(outcome.findings).toMatchObject([
      { code: 'PROBE_REQUEST_NOT_IN_LOGS', severity: 'warning', evidence: { attempts: 3, waitedMs: 8_000 } },
    ]);
    expect(outcome.findings[0]?.detail).toContain('never reached this API');
    expect(outcome.findings[0]?.detail).toContain('lag');
  });

  it('does not conclude at ERROR level, where a served request writes no line', () => {
    const outcome = probeRequestLogsCheck.run(
      facts({ probeRequestLogs: fetchedOk(match([])) }, { loggingLevel: 'ERROR' }),
    );
    expect(outcome.findings).toMatchObject([{ code: 'PROBE_REQUEST_NOT_IN_LOGS', severity: 'info' }]);
  });

  it('offers Enable logging and a re-run when the stage logs nowhere', () => {
    // Act
    const outcome = probeRequestLogsCheck.run(facts({ probeRequestLogs: null }, { loggingLevel: 'OFF' }));

    // Assess
    expect(outcome.findings).toMatchObject([
      { code: 'PROBE_REQUEST_LOGS_OFF', remediations: ['enable-logging'], evidence: { requestIds: [ID] } },
    ]);
    expect(outcome.findings[0]?.detail).toContain('Re-run');
  });

  it('is error with AWS_PERMISSION_MISSING when the search was denied', () => {
    const outcome = probeRequestLogsCheck.run(
      facts({
        probeRequestLogs: fetchedFailed('access-denied', {
          action: 'logs:FilterLogEvents',
          operation: 'FilterLogEvents',
          message: 'denied',
        }),
      }),
    );
    expect(outcome.status).toBe('error');
    expect(outcome.findings).toMatchObject([{ code: 'AWS_PERMISSION_MISSING' }]);
  });

  it('is skipped when the probe did not run or got no request id', () => {
    expect(probeRequestLogsCheck.run(probeFacts({ state: 'disabled' })).status).toBe('skipped');
    const noId = ranProbe(
      probeOutput({ http: [httpStep({ status: null, requestId: null, errorCode: 'ETIMEDOUT' })] }),
    );
    expect(probeRequestLogsCheck.run({ ...probeFacts(noId), stage: stage() }).status).toBe('skipped');
  });
});

describe('findProbeRequests', () => {
  it('searches again after each delay until the id appears, then stops', async () => {
    // Prepare
    const searched: string[] = [];
    const slept: number[] = [];
    let calls = 0;
    const logs = {
      readWindow: () => Promise.reject(new Error('unused')),
      findPhrase: async (group: string, phrase: string) => {
        searched.push(`${group}:${phrase}`);
        calls += 1;
        return calls < 2
          ? []
          : [{ timestamp: 1, message: `(${phrase}) Method completed with status: 403`, logStreamName: 's' }];
      },
    };

    // Act
    const found = await findProbeRequests('a1b2c3d4e5', forbiddenProbe, stage(), logs, {
      now: () => 1_000,
      retryDelaysMs: [10, 20, 30],
      sleep: async (ms) => {
        slept.push(ms);
      },
    });

    // Assess
    expect(slept).toEqual([10]);
    expect(found?.attempts).toBe(2);
    expect(searched).toEqual([`${GROUP}:${ID}`, `${GROUP}:${ID}`]);
  });

  it('searches the access log group of a CloudWatch destination and sets a Firehose one aside', () => {
    expect(
      requestLogTargets(
        'a1b2c3d4e5',
        stage({ accessLogDestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:access:*' }),
      ).groups,
    ).toEqual([
      { logGroupName: GROUP, kind: 'execution' },
      { logGroupName: 'access', kind: 'access' },
    ]);
    const firehose = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-x';
    expect(
      requestLogTargets('a1b2c3d4e5', stage({ loggingLevel: 'OFF', accessLogDestinationArn: firehose })),
    ).toEqual({
      groups: [],
      notSearched: [{ destination: firehose, reason: expect.stringContaining('Firehose') }],
    });
    expect(accessLogGroupName('arn:aws:logs:eu-west-1:123456789012:log-group:a/b')).toBe('a/b');
  });
});
