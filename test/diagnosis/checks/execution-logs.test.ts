import { describe, expect, it } from 'vitest';
import { executionLogsCheck } from '../../../src/diagnosis/checks/execution-logs.js';
import type { Facts, Fetched, LogEvent, LogWindow } from '../../../src/diagnosis/facts.js';
import { ACCOUNT_ID, buildFacts, stage } from './facts-builder.js';

const LOG_GROUP = 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod';
const START = Date.parse('2024-05-01T10:00:00.000Z');
const END = Date.parse('2024-05-01T10:15:00.000Z');
const STREAM = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

const RESOURCE = 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/';
const ANONYMOUS = `(2c3f9a1e-8b7d-4c6e-9f0a-1b2c3d4e5f60) User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${RESOURCE}`;
const EXPLICIT = `(5d6e7f80-91a2-4b3c-8d4e-5f6a7b8c9d0e) User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${RESOURCE} with an explicit deny`;
const VPCE_POLICY = `(7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d) User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${RESOURCE} because no VPC endpoint policy allows the execute-api:Invoke action`;
const EXTENDED_ID = '(2c3f9a1e-8b7d-4c6e-9f0a-1b2c3d4e5f60) Extended Request Id: XyZ1AbCdIAMEf2g=';
const VERBOSE = '(2c3f9a1e-8b7d-4c6e-9f0a-1b2c3d4e5f60) Method request body before transformations: ';

function event(minute: number, message: string): LogEvent {
  return { timestamp: START + minute * 60_000, message, logStreamName: STREAM };
}

function window(events: LogEvent[], overrides: Partial<LogWindow> = {}): Fetched<LogWindow> {
  return {
    ok: true,
    value: {
      logGroupName: LOG_GROUP,
      logGroupExists: true,
      startMs: START,
      endMs: END,
      events,
      truncated: false,
      ...overrides,
    },
    ms: 40,
  };
}

/** Facts for a stage logging at INFO whose execution-log window was (or was not) read. */
function factsWithLogs(logs: Fetched<LogWindow> | null): Facts {
  return buildFacts({ urlForm: 'none', accountId: ACCOUNT_ID, stage: stage(), logs });
}

const WINDOW_EVIDENCE = {
  logGroup: LOG_GROUP,
  window: { start: '2024-05-01T10:00:00.000Z', end: '2024-05-01T10:15:00.000Z' },
};

describe('executionLogsCheck', () => {
  it('skips with a reason when no log window was gathered', () => {
    // Act
    const outcome = executionLogsCheck.run(factsWithLogs(null));

    // Assess
    expect(outcome).toEqual({
      status: 'skipped',
      findings: [],
      reason: expect.stringContaining('execution logging is off'),
    });
  });

  it.each<[string, LogEvent[], string, string[]]>([
    [
      'reports LOG_ANONYMOUS_NOT_AUTHORIZED for an implicit-deny line',
      [event(1, EXTENDED_ID), event(1, ANONYMOUS)],
      'fail',
      ['LOG_ANONYMOUS_NOT_AUTHORIZED'],
    ],
    [
      'reports LOG_EXPLICIT_DENY, not anonymous, for an explicit-deny line',
      [event(1, EXPLICIT)],
      'fail',
      ['LOG_EXPLICIT_DENY'],
    ],
    [
      'reports LOG_VPCE_POLICY_DENY, not anonymous, for an endpoint-policy line',
      [event(1, VPCE_POLICY)],
      'fail',
      ['LOG_VPCE_POLICY_DENY'],
    ],
    [
      'reports one finding per code in a stable order when several kinds appear',
      [event(3, ANONYMOUS), event(2, EXPLICIT), event(1, VPCE_POLICY), event(4, ANONYMOUS)],
      'fail',
      ['LOG_VPCE_POLICY_DENY', 'LOG_EXPLICIT_DENY', 'LOG_ANONYMOUS_NOT_AUTHORIZED'],
    ],
    ['passes when events exist but none is a deny', [event(1, EXTENDED_ID), event(1, VERBOSE)], 'pass', []],
    ['warns NO_REQUESTS_REACHED_API when the window is empty', [], 'warn', ['NO_REQUESTS_REACHED_API']],
  ])('%s', (_name, events, status, codes) => {
    // Act
    const outcome = executionLogsCheck.run(factsWithLogs(window(events)));

    // Assess
    expect(outcome.status).toBe(status);
    expect(outcome.findings.map((f) => f.code)).toEqual(codes);
  });

  it('does not claim requests never arrived when the stage logs only errors', () => {
    // Prepare
    const facts = factsWithLogs(window([]));
    facts.stage = { ...(facts.stage as NonNullable<typeof facts.stage>), loggingLevel: 'ERROR' };

    // Act
    const outcome = executionLogsCheck.run(facts);

    // Assess
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toEqual([]);
    expect(outcome.reason).toContain('ERROR');
  });

  it('gives count, first and last seen, the latest line as sample, and the window as evidence', () => {
    // Prepare
    const latest = ANONYMOUS.replace('2c3f9a1e', 'ffff0000');
    const events = [event(5, latest), event(2, ANONYMOUS), event(7, EXTENDED_ID), event(3, ANONYMOUS)];

    // Act
    const [found] = executionLogsCheck.run(factsWithLogs(window(events))).findings;

    // Assess
    expect(found?.evidence).toEqual({
      count: 3,
      firstSeen: '2024-05-01T10:02:00.000Z',
      lastSeen: '2024-05-01T10:05:00.000Z',
      sample: latest,
      sampleLogStream: STREAM,
      ...WINDOW_EVIDENCE,
    });
    expect(found?.detail).toMatch(/^3 requests in the window/);
    expect(found?.remediations).toEqual(['redeploy-stage']);
  });

  it('trims the sample line to 500 characters', () => {
    // Prepare
    const long = `${ANONYMOUS} ${'x'.repeat(1000)}`;

    // Act
    const [found] = executionLogsCheck.run(factsWithLogs(window([event(1, long)]))).findings;

    // Assess
    const sample = found?.evidence.sample as string;
    expect(sample).toHaveLength(500);
    expect(sample.startsWith(ANONYMOUS)).toBe(true);
  });

  it('says only the first events were read when the window was truncated', () => {
    // Act
    const [found] = executionLogsCheck.run(
      factsWithLogs(window([event(1, EXPLICIT)], { truncated: true })),
    ).findings;

    // Assess
    expect(found?.evidence).toMatchObject({
      truncated: true,
      note: 'only the first 1 events of the window were read',
    });
  });

  it('says how many events it read when none is a deny', () => {
    // Act
    const outcome = executionLogsCheck.run(factsWithLogs(window([event(1, EXTENDED_ID), event(2, VERBOSE)])));

    // Assess
    expect(outcome.reason).toMatch(/read 2 events/);
  });

  it.each<[string, Partial<LogWindow>, RegExp]>([
    ['an empty window', {}, /No execution log event exists in API-Gateway-Execution-Logs_a1b2c3d4e5\/prod/],
    ['a missing log group', { logGroupExists: false }, /log group .* does not exist/],
  ])('explains that requests never reached the API for %s', (_name, overrides, where) => {
    // Act
    const [found] = executionLogsCheck.run(factsWithLogs(window([], overrides))).findings;

    // Assess
    expect(found?.severity).toBe('warning');
    expect(found?.detail).toMatch(where);
    expect(found?.detail).toMatch(/didn't reach the endpoint/);
    expect(found?.detail).toMatch(/invoke URL.*DNS.*security groups/);
    expect(found?.evidence).toEqual({ ...WINDOW_EVIDENCE, logGroupExists: overrides.logGroupExists ?? true });
  });

  it.each<[string, 'access-denied' | 'timeout', string[]]>([
    [
      'names the missing permission when the logs read was denied',
      'access-denied',
      ['AWS_PERMISSION_MISSING'],
    ],
    ['errors without a finding when the logs read timed out', 'timeout', []],
  ])('%s', (_name, kind, codes) => {
    // Prepare
    const failed: Fetched<LogWindow> = {
      ok: false,
      error: { kind, action: 'logs:FilterLogEvents', operation: 'FilterLogEvents', message: 'nope' },
      ms: 40,
    };

    // Act
    const outcome = executionLogsCheck.run(factsWithLogs(failed));

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings.map((f) => f.code)).toEqual(codes);
    expect(outcome.reason).toMatch(/API-Gateway-Execution-Logs_a1b2c3d4e5\/prod.*supplementary/);
  });
});

describe('executionLogsCheck against the stage deployment', () => {
  function deployedAt(minute: number): Facts['deployment'] {
    return {
      ok: true,
      value: {
        id: 'dep9',
        createdDate: new Date(START + minute * 60_000).toISOString(),
        description: null,
        apiSummary: null,
      },
      ms: 10,
    };
  }

  it('keeps a denial logged after the current deployment as an error', () => {
    // Prepare
    const facts = factsWithLogs(window([event(2, ANONYMOUS), event(9, ANONYMOUS)]));
    facts.deployment = deployedAt(5);

    // Act
    const outcome = executionLogsCheck.run(facts);

    // Assess
    expect(outcome.findings).toMatchObject([{ code: 'LOG_ANONYMOUS_NOT_AUTHORIZED', severity: 'error' }]);
  });

  it('reports denials that all predate the current deployment as info, asking for a new call', () => {
    // Prepare
    const facts = factsWithLogs(window([event(2, EXPLICIT), event(3, EXPLICIT)]));
    facts.deployment = deployedAt(5);

    // Act
    const outcome = executionLogsCheck.run(facts);

    // Assess
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toMatchObject([
      {
        code: 'LOG_EXPLICIT_DENY',
        severity: 'info',
        evidence: { deploymentId: 'dep9', deploymentCreatedDate: '2024-05-01T10:05:00.000Z' },
      },
    ]);
    expect(outcome.findings[0]?.detail).toContain('predates deployment dep9');
  });
});
