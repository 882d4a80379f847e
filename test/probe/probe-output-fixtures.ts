// Probe payloads as the Lambda returns them, for the check and runner tests: a healthy baseline in which the
// private name and the endpoint's name both resolve to the endpoint's ENI addresses and the API answers 200.

import type { DnsStep, HttpStep, ProbeOutput, TcpStep } from '../../src/probe/schema.js';

export const API = 'a1b2c3d4e5';
export const VPC = 'vpc-0123456789abcdef0';
export const VPCE = 'vpce-0abc1234def567890';
export const PRIVATE_NAME = `${API}.execute-api.us-east-1.amazonaws.com`;
export const ALIAS_NAME = `${API}-${VPCE}.execute-api.us-east-1.amazonaws.com`;
export const ENDPOINT_NAME = `${VPCE}-1a2b3c4d.execute-api.us-east-1.vpce.amazonaws.com`;
export const ENI_ADDRESSES = ['10.0.1.10', '10.0.2.10'];
export const VPC_CIDR = '10.0.0.0/16';

export function dnsStep(overrides: Partial<DnsStep> & Pick<DnsStep, 'name' | 'role'>): DnsStep {
  return { vpceId: null, addresses: ENI_ADDRESSES, errorCode: null, ms: 3, ...overrides };
}

export function tcpStep(address: string, overrides: Partial<TcpStep> = {}): TcpStep {
  return { address, port: 443, ok: true, errorCode: null, ms: 2, ...overrides };
}

export function httpStep(overrides: Partial<HttpStep> = {}): HttpStep {
  return {
    url: `https://${PRIVATE_NAME}/prod/`,
    form: 'private-dns',
    address: ENI_ADDRESSES[0] ?? null,
    headersSent: { host: PRIVATE_NAME, 'user-agent': 'apigw-diagnose-probe/1', accept: 'application/json' },
    status: 200,
    errorType: null,
    message: null,
    requestId: 'req-200',
    errorCode: null,
    tlsVersion: 'TLSv1.3',
    ms: 40,
    ...overrides,
  };
}

export const FORBIDDEN = {
  status: 403,
  errorType: 'ForbiddenException',
  message: 'Forbidden',
  requestId: '6f1c2c3e-0000-4000-8000-000000000403',
} as const;

export function probeOutput(overrides: Partial<ProbeOutput> = {}): ProbeOutput {
  return {
    schemaVersion: 1,
    apiId: API,
    region: 'us-east-1',
    startedAt: '2026-11-25T10:00:00.000Z',
    ms: 120,
    budgetMs: 8000,
    dns: [
      dnsStep({ name: PRIVATE_NAME, role: 'private-dns' }),
      dnsStep({ name: ALIAS_NAME, role: 'vpce-alias', vpceId: VPCE }),
      dnsStep({ name: ENDPOINT_NAME, role: 'endpoint', vpceId: VPCE }),
    ],
    tcp: ENI_ADDRESSES.map((address) => tcpStep(address)),
    http: [httpStep()],
    ...overrides,
  };
}
