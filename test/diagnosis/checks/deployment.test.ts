import { describe, expect, it } from 'vitest';
import { deploymentCheck } from '../../../src/diagnosis/checks/deployment.js';
import type {
  DeploymentInfo,
  Facts,
  Fetched,
  RestApiUpdate,
  RestApiUpdateHistory,
} from '../../../src/diagnosis/facts.js';
import { buildFacts, fetchedFailed, fetchedOk, restApiInfo, stage } from './facts-builder.js';

const DEPLOYED = '2026-03-01T12:00:00.000Z';
const WINDOW_START = Date.parse('2026-01-01T00:00:00.000Z');
const WINDOW_END = Date.parse('2026-03-31T00:00:00.000Z');
const ADMIN = 'arn:aws:sts::123456789012:assumed-role/Admin/jane';

function update(eventTime: string, patchPaths: string[] | null, eventId = 'e-1'): RestApiUpdate {
  return { eventId, eventTime, actorArn: ADMIN, patchPaths };
}

function history(
  updates: RestApiUpdate[],
  overrides: Partial<Extract<RestApiUpdateHistory, { state: 'read' }>> = {},
): Fetched<RestApiUpdateHistory> {
  return fetchedOk({
    state: 'read',
    startMs: WINDOW_START,
    endMs: WINDOW_END,
    updates,
    eventsRead: updates.length,
    truncated: false,
    oldestEventMs: null,
    ...overrides,
  });
}

const deployment: DeploymentInfo = {
  id: 'dep123',
  createdDate: DEPLOYED,
  description: null,
  apiSummary: null,
};

function factsWith(
  restApiUpdates: Fetched<RestApiUpdateHistory> | null,
  overrides: Partial<Facts> = {},
): Facts {
  return buildFacts({ stage: stage(), deployment: fetchedOk(deployment), restApiUpdates, ...overrides });
}

describe('deploymentCheck', () => {
  it('reports POLICY_NOT_DEPLOYED as an error with who, when and which event when a denial followed the change', () => {
    // Prepare: the execution logs show a denial after the policy change.
    const denied = `User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/ with an explicit deny`;
    const logs = fetchedOk({
      logGroupName: 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod',
      logGroupExists: true,
      startMs: WINDOW_START,
      endMs: WINDOW_END,
      events: [{ timestamp: Date.parse('2026-03-02T09:00:00.000Z'), message: denied, logStreamName: 's' }],
      truncated: false,
    });

    // Act
    const outcome = deploymentCheck.run(
      factsWith(history([update('2026-03-02T08:30:00.000Z', ['/policy'], 'e-42')]), { logs }),
    );

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toHaveLength(1);
    expect(outcome.findings[0]).toMatchObject({
      code: 'POLICY_NOT_DEPLOYED',
      severity: 'error',
      check: 'deployment',
      remediations: ['redeploy-stage'],
      evidence: {
        deploymentId: 'dep123',
        deploymentCreatedDate: DEPLOYED,
        eventId: 'e-42',
        eventTime: '2026-03-02T08:30:00.000Z',
        changedBy: ADMIN,
        stage: 'prod',
        denialsSinceChange: [expect.stringContaining('with an explicit deny')],
      },
    });
    expect(outcome.findings[0]?.detail).toMatch(/Redeploy the stage/);
  });

  it('reports POLICY_NOT_DEPLOYED only as a warning when no denial has been seen since the change', () => {
    // Act
    const outcome = deploymentCheck.run(
      factsWith(history([update('2026-03-02T08:30:00.000Z', ['/policy'])])),
    );

    // Assess
    expect(outcome.status).toBe('warn');
    expect(outcome.findings).toMatchObject([{ code: 'POLICY_NOT_DEPLOYED', severity: 'warning' }]);
    expect(outcome.findings[0]?.detail).toContain('No denial has been seen since the change');
  });

  it.each([
    ['the policy change came before the deployment', [update('2026-02-28T08:00:00.000Z', ['/policy'])]],
    ['the change was in the same second as the deployment', [update(DEPLOYED, ['/policy'])]],
    ['the later update patched another path', [update('2026-03-02T08:00:00.000Z', ['/description'])]],
    ['CloudTrail has no update of the API', []],
  ])('passes when %s', (_case, updates) => {
    // Act
    const outcome = deploymentCheck.run(factsWith(history(updates)));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [], reason: expect.stringContaining('dep123') });
  });

  it('reports DEFAULT_ENDPOINT_CHANGE_NOT_DEPLOYED when the default endpoint was turned back on after the deployment', () => {
    // Act: the saved API has the default endpoint on; CloudTrail shows the switch after the deployment.
    const outcome = deploymentCheck.run(
      factsWith(history([update('2026-03-02T08:30:00.000Z', ['/disableExecuteApiEndpoint'], 'e-9')])),
    );

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([
      {
        code: 'DEFAULT_ENDPOINT_CHANGE_NOT_DEPLOYED',
        severity: 'error',
        remediations: ['redeploy-stage'],
        evidence: { eventId: 'e-9', deploymentId: 'dep123', changedBy: ADMIN, urlForm: 'private-dns' },
      },
    ]);
  });

  it('leaves a default endpoint turned off after the deployment to the endpoint-access check', () => {
    // Act
    const outcome = deploymentCheck.run(
      factsWith(history([update('2026-03-02T08:30:00.000Z', ['/disableExecuteApiEndpoint'])]), {
        restApi: fetchedOk(restApiInfo({ disableExecuteApiEndpoint: true })),
      }),
    );

    // Assess
    expect(outcome.status).toBe('pass');
  });

  it('lists the earlier of several later policy changes beside the latest one', () => {
    // Act
    const outcome = deploymentCheck.run(
      factsWith(
        history([
          update('2026-03-02T08:00:00.000Z', ['/policy'], 'e-old'),
          update('2026-03-05T08:00:00.000Z', ['/name', '/policy'], 'e-new'),
        ]),
      ),
    );

    // Assess
    expect(outcome.findings[0]?.evidence).toMatchObject({
      eventId: 'e-new',
      laterChanges: [{ eventId: 'e-old', eventTime: '2026-03-02T08:00:00.000Z', changedBy: ADMIN }],
    });
  });

  it('says which later updates hide their patch operations instead of passing silently', () => {
    // Act
    const outcome = deploymentCheck.run(
      factsWith(history([update('2026-03-02T08:00:00.000Z', null, 'e-opaque')])),
    );

    // Assess
    expect(outcome.status).toBe('pass');
    expect(outcome.reason).toMatch(/e-opaque/);
  });

  it.each([
    [
      'the deployment predates the history read',
      { createdDate: '2025-11-01T00:00:00.000Z' },
      {},
      /older than the CloudTrail event history read/,
    ],
    [
      'one page of events did not reach back to the deployment',
      {},
      { truncated: true, eventsRead: 50, oldestEventMs: Date.parse('2026-03-10T00:00:00.000Z') },
      /only the 50 newest UpdateRestApi events/,
    ],
  ])('names the blind spot when %s', (_case, deploymentOverrides, historyOverrides, note) => {
    // Act
    const outcome = deploymentCheck.run(
      factsWith(history([], historyOverrides), {
        deployment: fetchedOk({ ...deployment, ...deploymentOverrides }),
      }),
    );

    // Assess
    expect(outcome.reason).toMatch(note);
  });

  it('cannot run and names cloudtrail:LookupEvents when CloudTrail denies the lookup', () => {
    // Prepare
    const denied = fetchedFailed<RestApiUpdateHistory>('access-denied', {
      action: 'cloudtrail:LookupEvents',
      operation: 'LookupEvents',
      message: 'User is not authorized to perform: cloudtrail:LookupEvents',
    });

    // Act
    const outcome = deploymentCheck.run(factsWith(denied));

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.reason).toMatch(/supplementary/);
    expect(outcome.findings).toMatchObject([
      {
        code: 'AWS_PERMISSION_MISSING',
        check: 'deployment',
        evidence: { action: 'cloudtrail:LookupEvents' },
      },
    ]);
  });

  it('cannot run when GetDeployment fails', () => {
    // Prepare
    const failed = fetchedFailed<DeploymentInfo>('throttled', {
      action: 'apigateway:GET',
      operation: 'GetDeployment',
      message: 'Too Many Requests',
    });

    // Act
    const outcome = deploymentCheck.run(factsWith(history([]), { deployment: failed }));

    // Assess
    expect(outcome).toMatchObject({
      status: 'error',
      findings: [],
      reason: expect.stringMatching(/GetDeployment/),
    });
  });

  it.each([
    ['no stage was chosen', factsWith(history([]), { stage: null })],
    ['the stage has no deployment', factsWith(history([]), { stage: stage({ deploymentId: null }) })],
    [
      'the API is not private',
      factsWith(history([]), { restApi: fetchedOk(restApiInfo({ endpointTypes: ['REGIONAL'] })) }),
    ],
  ])('skips with a reason when %s', (_case, facts) => {
    // Act
    const outcome = deploymentCheck.run(facts);

    // Assess
    expect(outcome).toEqual({ status: 'skipped', findings: [], reason: expect.any(String) });
  });

  it('says the history could not be read when CloudTrail answers garbage, never that no change was found', () => {
    const outcome = deploymentCheck.run(
      factsWith(
        fetchedFailed('other', {
          action: 'cloudtrail:LookupEvents',
          operation: 'LookupEvents',
          message: 'the answer was not CloudTrail JSON',
        }),
      ),
    );

    expect(outcome.status).toBe('error');
    expect(outcome.reason).toContain('LookupEvents');
    expect(outcome.reason).not.toMatch(/no resource-policy change/);
  });
});
