import { describe, expect, it } from 'vitest';
import { endpointAccessCheck } from '../../../src/diagnosis/checks/endpoint-access.js';
import type { Facts, ProbeFact, RestApiInfo } from '../../../src/diagnosis/facts.js';
import type { UrlForm } from '../../../src/diagnosis/types.js';
import type { HttpStep } from '../../../src/probe/schema.js';
import { httpStep } from '../../probe/probe-output-fixtures.js';
import { buildFacts, fetchedOk, restApiInfo, stage } from './facts-builder.js';

const VPCE_URL = 'https://vpce-0abc1234-x1y2.execute-api.us-east-1.vpce.amazonaws.com/prod/orders';

function factsFor(api: Partial<RestApiInfo>, urlForm: UrlForm, extra: Partial<Facts> = {}): Facts {
  return buildFacts({
    restApi: fetchedOk(restApiInfo(api)),
    urlForm,
    request: { url: urlForm === 'none' ? null : VPCE_URL },
    ...extra,
  });
}

function undeployedDisable(): Partial<Facts> {
  return {
    stage: stage(),
    deployment: fetchedOk({
      id: 'dep123',
      createdDate: '2026-03-01T12:00:00.000Z',
      description: null,
      apiSummary: null,
    }),
    restApiUpdates: fetchedOk({
      state: 'read',
      startMs: 0,
      endMs: Date.parse('2026-03-31T00:00:00.000Z'),
      updates: [
        {
          eventId: 'e-7',
          eventTime: '2026-03-02T08:00:00.000Z',
          actorArn: 'arn:aws:sts::123456789012:assumed-role/Admin/jane',
          patchPaths: ['/disableExecuteApiEndpoint'],
        },
      ],
      eventsRead: 1,
      truncated: false,
      oldestEventMs: null,
    }),
  };
}

/** The probe ran and made these HTTPS calls. */
function probeRan(http: HttpStep[]): ProbeFact {
  return {
    state: 'ran',
    vpcId: 'vpc-1',
    functionName: 'apigw-diagnose-probe-vpc-1',
    ms: 50,
    endpointAddresses: [],
    result: {
      schemaVersion: 1,
      apiId: 'a1b2c3d4e5',
      region: 'us-east-1',
      startedAt: '2026-03-02T08:00:00.000Z',
      ms: 40,
      budgetMs: 8000,
      dns: [],
      tcp: [],
      http,
    },
  };
}

describe('endpointAccessCheck: disabled default endpoint', () => {
  it.each<UrlForm>(['private-dns', 'vpce-alias', 'vpce-hostname'])(
    'is an error for the %s URL form, naming the flag and the fix',
    (form) => {
      // Act
      const outcome = endpointAccessCheck.run(factsFor({ disableExecuteApiEndpoint: true }, form));

      // Assess
      expect(outcome.status).toBe('fail');
      expect(outcome.findings).toEqual([
        expect.objectContaining({
          code: 'DEFAULT_ENDPOINT_DISABLED',
          severity: 'error',
          evidence: expect.objectContaining({ disableExecuteApiEndpoint: true, urlForm: form }),
        }),
      ]);
      expect(outcome.findings[0]?.detail).toContain('path=/disableExecuteApiEndpoint,value=false');
    },
  );

  it('is only information when no URL says which hostname the caller uses', () => {
    // Act
    const outcome = endpointAccessCheck.run(factsFor({ disableExecuteApiEndpoint: true }, 'none'));

    // Assess
    expect(outcome.status).toBe('pass');
    expect(outcome.findings[0]).toMatchObject({ code: 'DEFAULT_ENDPOINT_DISABLED', severity: 'info' });
  });

  it('warns instead when the switch was saved after the deployment and is not live yet', () => {
    // Act
    const outcome = endpointAccessCheck.run(
      factsFor({ disableExecuteApiEndpoint: true }, 'private-dns', undeployedDisable()),
    );

    // Assess
    expect(outcome.status).toBe('warn');
    expect(outcome.findings[0]).toMatchObject({
      code: 'DEFAULT_ENDPOINT_DISABLED',
      severity: 'warning',
      evidence: { changedAfterDeployment: ['e-7'] },
    });
    expect(outcome.findings[0]?.detail).toContain('not live yet');
  });

  it('passes when the default endpoint is on', () => {
    // Act
    const outcome = endpointAccessCheck.run(factsFor({}, 'private-dns'));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });
});

describe('endpointAccessCheck: endpoint access mode STRICT', () => {
  const strict = { securityPolicy: 'SecurityPolicy_TLS13_1_2_2021_06', endpointAccessMode: 'STRICT' };

  it.each<UrlForm>(['vpce-hostname', 'vpce-alias'])(
    'refuses the %s URL form (SNI does not match)',
    (form) => {
      // Act
      const outcome = endpointAccessCheck.run(factsFor(strict, form));

      // Assess
      expect(outcome.status).toBe('fail');
      expect(outcome.findings[0]).toMatchObject({
        code: 'ENDPOINT_ACCESS_MODE_STRICT_SNI',
        severity: 'error',
        evidence: { endpointAccessMode: 'STRICT', urlForm: form, securityPolicy: strict.securityPolicy },
      });
      expect(outcome.findings[0]?.detail).toContain('path=/endpointAccessMode,value=BASIC');
    },
  );

  it('accepts the private DNS name, whose SNI is the API hostname', () => {
    // Act
    const outcome = endpointAccessCheck.run(factsFor(strict, 'private-dns'));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('only informs when the URL form is unknown', () => {
    // Act
    const outcome = endpointAccessCheck.run(factsFor(strict, 'none'));

    // Assess
    expect(outcome.findings[0]).toMatchObject({ code: 'ENDPOINT_ACCESS_MODE_STRICT_SNI', severity: 'info' });
  });

  it('says nothing in BASIC mode', () => {
    // Act
    const outcome = endpointAccessCheck.run(
      factsFor({ ...strict, endpointAccessMode: 'BASIC' }, 'vpce-hostname'),
    );

    // Assess
    expect(outcome.findings).toEqual([]);
  });
});

describe('endpointAccessCheck: TLS 1.3-only security policy', () => {
  const tls13 = { securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'BASIC' };

  it('informs with the TLS versions the probe negotiated', () => {
    // Prepare
    const probe = probeRan([httpStep({ tlsVersion: 'TLSv1.3' })]);

    // Act
    const outcome = endpointAccessCheck.run(factsFor(tls13, 'private-dns', { probe }));

    // Assess
    expect(outcome.status).toBe('pass');
    expect(outcome.findings[0]).toMatchObject({
      code: 'SECURITY_POLICY_TLS13_ONLY',
      severity: 'info',
      evidence: { probeTlsVersions: [{ url: expect.any(String), tlsVersion: 'TLSv1.3' }] },
    });
  });

  it('is an error when the probe handshake failed for lack of a common TLS version', () => {
    // Prepare
    const http = [
      httpStep({ status: null, tlsVersion: null, errorCode: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' }),
    ];
    const probe = probeRan(http);

    // Act
    const outcome = endpointAccessCheck.run(factsFor(tls13, 'private-dns', { probe }));

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings[0]).toMatchObject({
      code: 'SECURITY_POLICY_TLS13_ONLY',
      severity: 'error',
      evidence: { refusedHandshakes: [expect.stringContaining('PROTOCOL_VERSION')] },
    });
  });

  it.each(['TLS_1_2', 'SecurityPolicy_TLS13_1_2_2021_06', 'SecurityPolicy_TLS13_1_2_PQ_2025_09'])(
    'says nothing for %s, which also accepts TLS 1.2',
    (securityPolicy) => {
      // Act
      const outcome = endpointAccessCheck.run(factsFor({ securityPolicy }, 'private-dns'));

      // Assess
      expect(outcome.findings).toEqual([]);
    },
  );
});

describe('endpointAccessCheck: apiStatus', () => {
  it.each(['UPDATING', 'PENDING'])('warns that a change is still being applied (%s)', (apiStatus) => {
    // Act
    const outcome = endpointAccessCheck.run(
      factsFor({ apiStatus, apiStatusMessage: 'Updating security policy' }, 'private-dns'),
    );

    // Assess
    expect(outcome.status).toBe('warn');
    expect(outcome.findings[0]).toMatchObject({
      code: 'API_STATUS_UPDATING',
      evidence: { apiStatus, apiStatusMessage: 'Updating security policy' },
    });
  });

  it('is an error when the last update failed', () => {
    // Act
    const outcome = endpointAccessCheck.run(
      factsFor({ apiStatus: 'FAILED', apiStatusMessage: 'Invalid certificate' }, 'private-dns'),
    );

    // Assess
    expect(outcome.findings[0]).toMatchObject({ code: 'API_STATUS_FAILED', severity: 'error' });
    expect(outcome.findings[0]?.detail).toContain('Invalid certificate');
  });

  it('is skipped for a public API', () => {
    // Act
    const outcome = endpointAccessCheck.run(
      factsFor({ endpointTypes: ['REGIONAL'], disableExecuteApiEndpoint: true }, 'private-dns'),
    );

    // Assess
    expect(outcome.status).toBe('skipped');
  });
});
