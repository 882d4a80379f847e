import { describe, expect, it } from 'vitest';
import { probeCheck } from '../../../src/diagnosis/checks/probe.js';
import type { Finding } from '../../../src/diagnosis/types.js';
import { probeFacts as facts, ranProbe as ran } from '../../probe/probe-facts.js';
import {
  ALIAS_NAME,
  dnsStep,
  ENDPOINT_NAME,
  ENI_ADDRESSES,
  FORBIDDEN,
  httpStep,
  PRIVATE_NAME,
  probeOutput,
  tcpStep,
  VPC,
  VPC_CIDR,
  VPCE,
} from '../../probe/probe-output-fixtures.js';

function codes(findings: Finding[]): string[] {
  return findings.map((f) => f.code);
}

function only(findings: Finding[], code: string): Finding {
  const found = findings.filter((f) => f.code === code);
  expect(found).toHaveLength(1);
  return found[0] as Finding;
}

describe('probe check', () => {
  it('is skipped without findings when the user turned the probe off', () => {
    // Act
    const outcome = probeCheck.run(facts({ state: 'disabled' }));

    // Assess
    expect(outcome).toEqual({
      status: 'skipped',
      findings: [],
      reason: expect.stringContaining('--no-probe'),
    });
  });

  it('reports PROBE_NOT_CONFIGURED with the deploy command for the VPC when no probe function exists', () => {
    // Act
    const outcome = probeCheck.run(facts({ state: 'not-configured', vpcId: VPC }));

    // Assess
    expect(outcome.status).toBe('skipped');
    const f = only(outcome.findings, 'PROBE_NOT_CONFIGURED');
    expect(f.severity).toBe('info');
    expect(f.detail).toContain(`npx apigw-diagnose probe deploy --vpc ${VPC} --subnets`);
    expect(f.detail).toContain('--security-groups');
  });

  it('reports error, never pass, with the reason when the probe invocation failed', () => {
    // Act
    const outcome = probeCheck.run(
      facts({
        state: 'error',
        vpcId: VPC,
        functionName: 'p',
        message: 'FunctionError Unhandled: boom',
        ms: 5,
      }),
    );

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.reason).toContain('FunctionError Unhandled: boom');
    expect(outcome.findings).toEqual([]);
  });

  it('passes with PROBE_HTTP_OK when every name resolves to the endpoint and the API answers 200', () => {
    // Act
    const outcome = probeCheck.run(facts(ran(probeOutput()), { vpcCidrs: [VPC_CIDR] }));

    // Assess
    expect(outcome.status).toBe('pass');
    expect(codes(outcome.findings)).toEqual(['PROBE_HTTP_OK']);
    const f = only(outcome.findings, 'PROBE_HTTP_OK');
    expect(f.evidence).toMatchObject({
      status: 200,
      url: `https://${PRIVATE_NAME}/prod/`,
      requestId: 'req-200',
    });
    expect(f.evidence.probe).toMatchObject({
      dns: expect.any(Array),
      tcp: expect.any(Array),
      http: expect.any(Array),
    });
  });

  it.each([
    ['private-dns', PRIVATE_NAME, 'ENOTFOUND', 'NXDOMAIN'],
    ['none', PRIVATE_NAME, 'ESERVFAIL', 'SERVFAIL'],
    ['vpce-alias', ALIAS_NAME, 'ENOTFOUND', 'NXDOMAIN'],
    ['vpce-hostname', ENDPOINT_NAME, 'ENOTFOUND', 'NXDOMAIN'],
  ] as const)(
    'reports PROBE_DNS_FAILED for the name a %s caller uses (%s, %s)',
    (urlForm, name, code, shown) => {
      // Prepare
      const result = probeOutput();
      result.dns = result.dns.map((step) =>
        step.name === name ? { ...step, addresses: [], errorCode: code } : step,
      );

      // Act
      const outcome = probeCheck.run(facts(ran(result), { urlForm, vpcCidrs: [VPC_CIDR] }));

      // Assess
      const f = only(outcome.findings, 'PROBE_DNS_FAILED');
      expect(f.detail).toContain(`${name} (${shown})`);
      expect(f.evidence.names).toEqual([{ name, errorCode: code, ms: 3 }]);
      expect(outcome.status).toBe('fail');
    },
  );

  it('does not report PROBE_DNS_FAILED for the private name when the caller uses the alias', () => {
    // Prepare
    const result = probeOutput();
    result.dns = result.dns.map((step) =>
      step.role === 'private-dns' ? { ...step, addresses: [], errorCode: 'ENOTFOUND' } : step,
    );

    // Act
    const outcome = probeCheck.run(facts(ran(result), { urlForm: 'vpce-alias', vpcCidrs: [VPC_CIDR] }));

    // Assess
    expect(codes(outcome.findings)).toEqual(['PROBE_HTTP_OK']);
  });

  it('reports PROBE_DNS_PUBLIC and PROBE_DNS_MISMATCH when the private name resolves to public addresses', () => {
    // Prepare: private DNS is off, so the name resolves to API Gateway's public front door.
    const result = probeOutput({
      dns: [
        dnsStep({ name: PRIVATE_NAME, role: 'private-dns', addresses: ['52.1.2.3', '54.4.5.6'] }),
        dnsStep({ name: ENDPOINT_NAME, role: 'endpoint', vpceId: VPCE }),
      ],
      http: [httpStep({ ...FORBIDDEN })],
    });

    // Act
    const outcome = probeCheck.run(facts(ran(result), { vpcCidrs: [VPC_CIDR] }));

    // Assess
    const pub = only(outcome.findings, 'PROBE_DNS_PUBLIC');
    expect(pub.severity).toBe('error');
    expect(pub.evidence).toMatchObject({
      outside: ['52.1.2.3', '54.4.5.6'],
      endpointAddresses: ENI_ADDRESSES,
      vpcCidrs: [VPC_CIDR],
    });
    const mismatch = only(outcome.findings, 'PROBE_DNS_MISMATCH');
    expect(mismatch.evidence).toMatchObject({
      privateName: { name: PRIVATE_NAME, addresses: ['52.1.2.3', '54.4.5.6'] },
      endpointNames: [{ name: ENDPOINT_NAME, vpceId: VPCE, addresses: ENI_ADDRESSES }],
    });
    expect(codes(outcome.findings)).toContain('PROBE_HTTP_FORBIDDEN');
  });

  it('does not call an address public when it is inside the VPC CIDR though not an endpoint address', () => {
    // Prepare
    const result = probeOutput({
      dns: [dnsStep({ name: PRIVATE_NAME, role: 'private-dns', addresses: ['10.0.9.9'] })],
    });

    // Act
    const outcome = probeCheck.run(facts(ran(result, []), { vpcCidrs: [VPC_CIDR] }));

    // Assess
    expect(codes(outcome.findings)).toEqual(['PROBE_HTTP_OK']);
  });

  it('downgrades PROBE_DNS_PUBLIC to info when the caller uses the vpce-alias form', () => {
    // Prepare
    const result = probeOutput();
    result.dns = result.dns.map((step) =>
      step.role === 'private-dns' ? { ...step, addresses: ['52.1.2.3'] } : step,
    );

    // Act
    const outcome = probeCheck.run(facts(ran(result), { urlForm: 'vpce-alias', vpcCidrs: [VPC_CIDR] }));

    // Assess
    expect(only(outcome.findings, 'PROBE_DNS_PUBLIC').severity).toBe('info');
  });

  it('reports PROBE_DNS_MISMATCH only when both names resolved', () => {
    // Prepare
    const result = probeOutput({
      dns: [
        dnsStep({ name: PRIVATE_NAME, role: 'private-dns', addresses: ['10.0.3.3'] }),
        dnsStep({ name: ENDPOINT_NAME, role: 'endpoint', addresses: [], errorCode: 'ENOTFOUND' }),
      ],
    });

    // Act
    const outcome = probeCheck.run(facts(ran(result), { vpcCidrs: [VPC_CIDR] }));

    // Assess
    expect(codes(outcome.findings)).toEqual(['PROBE_HTTP_OK']);
  });

  it('reports PROBE_TCP_TIMEOUT with each address, code and time when port 443 does not answer', () => {
    // Prepare
    const result = probeOutput({
      tcp: [
        tcpStep('10.0.1.10', { ok: false, errorCode: 'ETIMEDOUT', ms: 3000 }),
        tcpStep('10.0.2.10', { ok: false, errorCode: 'ETIMEDOUT', ms: 3001 }),
      ],
      http: [httpStep({ status: null, requestId: null, errorCode: 'ETIMEDOUT' })],
    });

    // Act
    const outcome = probeCheck.run(facts(ran(result), { vpcCidrs: [VPC_CIDR] }));

    // Assess
    expect(outcome.status).toBe('fail');
    const f = only(outcome.findings, 'PROBE_TCP_TIMEOUT');
    expect(f.evidence.addresses).toEqual([
      { address: '10.0.1.10', port: 443, errorCode: 'ETIMEDOUT', ms: 3000 },
      { address: '10.0.2.10', port: 443, errorCode: 'ETIMEDOUT', ms: 3001 },
    ]);
    expect(f.detail).toContain('2 of 2');
  });

  it('reports PROBE_HTTP_FORBIDDEN with error type, message, request id, URL and headers on a 403', () => {
    // Prepare
    const result = probeOutput({ http: [httpStep({ ...FORBIDDEN })] });

    // Act
    const outcome = probeCheck.run(facts(ran(result), { vpcCidrs: [VPC_CIDR] }));

    // Assess
    expect(codes(outcome.findings)).toEqual(['PROBE_HTTP_FORBIDDEN']);
    expect(only(outcome.findings, 'PROBE_HTTP_FORBIDDEN').evidence).toMatchObject({
      url: `https://${PRIVATE_NAME}/prod/`,
      status: 403,
      errorType: 'ForbiddenException',
      message: 'Forbidden',
      requestId: FORBIDDEN.requestId,
      headers: { host: PRIVATE_NAME },
    });
  });

  it('judges the HTTP answer on the form the caller uses when the probe tried several', () => {
    // Prepare
    const result = probeOutput({
      http: [
        httpStep({ ...FORBIDDEN }),
        httpStep({ form: 'vpce-alias', url: `https://${ALIAS_NAME}/prod/`, status: 200 }),
      ],
    });

    // Act
    const outcome = probeCheck.run(facts(ran(result), { urlForm: 'vpce-alias', vpcCidrs: [VPC_CIDR] }));

    // Assess
    expect(codes(outcome.findings)).toEqual(['PROBE_HTTP_OK']);
  });

  it('reports error, not pass, when no HTTPS answer came back and nothing explains why', () => {
    // Prepare
    const result = probeOutput({
      http: [httpStep({ status: null, requestId: null, errorCode: 'ECONNRESET' })],
    });

    // Act
    const outcome = probeCheck.run(facts(ran(result), { vpcCidrs: [VPC_CIDR] }));

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.reason).toContain('private-dns: ECONNRESET');
  });
  it.each([
    ['no URL was given (the probe chose the stage root)', null, 'info', 'pass'],
    ['the caller gave its URL', `https://${PRIVATE_NAME}/prod/orders`, 'warning', 'warn'],
  ] as const)(
    'does not call a 403 "Missing Authentication Token" a failure to reach the API when %s',
    (_case, url, severity, status) => {
      // Prepare
      const missingToken = {
        status: 403,
        errorType: 'MissingAuthenticationTokenException',
        message: 'Missing Authentication Token',
        requestId: 'req-mat',
      };
      const result = probeOutput({ http: [httpStep({ ...missingToken })] });

      // Act
      const outcome = probeCheck.run(facts(ran(result), { url, vpcCidrs: [VPC_CIDR] }));

      // Assess
      expect(outcome.status).toBe(status);
      const f = only(outcome.findings, 'PROBE_HTTP_FORBIDDEN');
      expect(f.severity).toBe(severity);
      expect(f.evidence).toMatchObject({ reachedApi: true, requestId: 'req-mat', status: 403 });
      expect(f.detail).toContain('reached API Gateway');
    },
  );
});
