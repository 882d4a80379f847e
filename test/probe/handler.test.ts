import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../src/probe/handler.js';
import {
  type ProbeInput,
  type ProbeOutput,
  ProbeSchemaError,
  parseProbeOutput,
} from '../../src/probe/schema.js';
import {
  type DnsFixture,
  type ForbiddenFixture,
  startBlackhole,
  startDns,
  startForbiddenHttps,
  startSilentTcp,
} from './loopback-fixtures.js';

const API = 'a1b2c3d4e5';
const VPCE = 'vpce-0abc1234def567890';
const PRIVATE_NAME = `${API}.execute-api.us-east-1.amazonaws.com`;
const ALIAS_NAME = `${API}-${VPCE}.execute-api.us-east-1.amazonaws.com`;
const ENDPOINT_NAME = `${VPCE}-1a2b3c4d.execute-api.us-east-1.vpce.amazonaws.com`;
// Each loopback address plays one kind of endpoint on the same port.
const ANSWERS_403 = '127.0.0.1';
const REFUSES = '127.0.0.2';
const NEVER_ACCEPTS = '127.0.0.3';
const NEVER_SPEAKS = '127.0.0.4';

let dns: DnsFixture;
let https: ForbiddenFixture;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  https = await startForbiddenHttps();
  dns = await startDns({
    [PRIVATE_NAME]: { addresses: [ANSWERS_403] },
    [ALIAS_NAME]: { rcode: 3 },
    [ENDPOINT_NAME]: { addresses: [ANSWERS_403] },
    'refused.vpce.test': { addresses: [REFUSES] },
    'blackhole.vpce.test': { addresses: [NEVER_ACCEPTS] },
    'silent.vpce.test': { addresses: [NEVER_SPEAKS] },
    'servfail.execute-api.test': { rcode: 2 },
    'unanswered.execute-api.test': 'silent',
  });
  const blackhole = await startBlackhole(NEVER_ACCEPTS, https.port);
  const silent = await startSilentTcp(NEVER_SPEAKS, https.port);
  closers.push(blackhole.close, silent.close, dns.close, https.close);
});

afterAll(async () => {
  for (const close of closers) await close();
});

function input(overrides: Partial<ProbeInput>): ProbeInput {
  return {
    schemaVersion: 1,
    apiId: API,
    region: 'us-east-1',
    stage: 'prod',
    vpceIds: [VPCE],
    names: [],
    urls: [],
    budgetMs: 3000,
    resolver: dns.server,
    target: { port: https.port, tlsRejectUnauthorized: false },
    ...overrides,
  };
}

async function probe(event: ProbeInput): Promise<ProbeOutput> {
  // Through JSON, as Lambda would carry it, and through the engine's validator.
  return parseProbeOutput(JSON.parse(JSON.stringify(await handler(event))));
}

describe('probe handler on loopback', () => {
  it('resolves each name, connects to the endpoint and reports the 403 with API Gateway headers', async () => {
    // Prepare
    const event = input({
      names: [
        { name: PRIVATE_NAME, role: 'private-dns' },
        { name: ALIAS_NAME, role: 'vpce-alias', vpceId: VPCE },
        { name: ENDPOINT_NAME, role: 'endpoint', vpceId: VPCE },
      ],
      urls: [{ form: 'private-dns', url: `https://${PRIVATE_NAME}/prod/`, headers: {} }],
    });

    // Act
    const output = await probe(event);

    // Assess
    expect(output.dns).toEqual([
      expect.objectContaining({
        name: PRIVATE_NAME,
        role: 'private-dns',
        addresses: [ANSWERS_403],
        errorCode: null,
      }),
      expect.objectContaining({
        name: ALIAS_NAME,
        role: 'vpce-alias',
        vpceId: VPCE,
        addresses: [],
        errorCode: 'ENOTFOUND',
      }),
      expect.objectContaining({
        name: ENDPOINT_NAME,
        role: 'endpoint',
        addresses: [ANSWERS_403],
        errorCode: null,
      }),
    ]);
    expect(output.tcp).toEqual([
      expect.objectContaining({ address: ANSWERS_403, port: https.port, ok: true, errorCode: null }),
    ]);
    expect(output.http).toEqual([
      expect.objectContaining({
        url: `https://${PRIVATE_NAME}/prod/`,
        form: 'private-dns',
        address: ANSWERS_403,
        status: 403,
        errorType: 'ForbiddenException',
        message: 'Forbidden',
        requestId: '6f1c2c3e-0000-4000-8000-000000000403',
        errorCode: null,
        // The loopback server's Node TLS defaults negotiate 1.3, as API Gateway does with a modern client.
        tlsVersion: 'TLSv1.3',
      }),
    ]);
    expect(output.http[0]?.headersSent).toMatchObject({ host: PRIVATE_NAME });
  });

  it('sends the vpce-hostname form with the endpoint name as SNI and x-apigw-api-id, without credentials', async () => {
    // Prepare
    const before = https.received.length;
    const event = input({
      names: [{ name: ENDPOINT_NAME, role: 'endpoint', vpceId: VPCE }],
      urls: [
        {
          form: 'vpce-hostname',
          url: `https://${ENDPOINT_NAME}/prod/pets`,
          headers: { 'x-apigw-api-id': API },
        },
      ],
    });

    // Act
    const output = await probe(event);

    // Assess
    expect(output.http[0]).toMatchObject({
      status: 403,
      headersSent: { 'x-apigw-api-id': API, host: ENDPOINT_NAME },
    });
    const received = https.received.slice(before);
    expect(received).toHaveLength(1);
    expect(received[0]?.servername).toBe(ENDPOINT_NAME);
    expect(received[0]?.head).toMatch(/^GET \/prod\/pets HTTP\/1\.1\r\n/);
    expect(received[0]?.head.toLowerCase()).toContain(`x-apigw-api-id: ${API}`);
    expect(received[0]?.head.toLowerCase()).not.toMatch(/authorization|x-amz-security-token|cookie/);
  });

  it('reports ECONNREFUSED when nothing listens on the endpoint address', async () => {
    // Act
    const output = await probe(
      input({
        names: [{ name: 'refused.vpce.test', role: 'endpoint' }],
        urls: [
          {
            form: 'vpce-hostname',
            url: 'https://refused.vpce.test/prod/',
            headers: { 'x-apigw-api-id': API },
          },
        ],
      }),
    );

    // Assess
    expect(output.tcp).toEqual([
      expect.objectContaining({ address: REFUSES, ok: false, errorCode: 'ECONNREFUSED' }),
    ]);
    expect(output.http[0]).toMatchObject({ status: null, errorCode: 'ECONNREFUSED' });
  });

  it('reports ETIMEDOUT and still answers when the endpoint never answers the SYN', async () => {
    // Act
    const output = await probe(
      input({
        budgetMs: 2000,
        names: [{ name: 'blackhole.vpce.test', role: 'endpoint' }],
        urls: [
          {
            form: 'vpce-hostname',
            url: 'https://blackhole.vpce.test/prod/',
            headers: { 'x-apigw-api-id': API },
          },
        ],
      }),
    );

    // Assess
    expect(output.tcp).toEqual([
      expect.objectContaining({ address: NEVER_ACCEPTS, ok: false, errorCode: 'ETIMEDOUT' }),
    ]);
    expect(output.http[0]).toMatchObject({ status: null, errorCode: 'ETIMEDOUT' });
  });

  it('reports ETIMEDOUT for the HTTPS step when the server accepts but never completes TLS', async () => {
    // Act
    const output = await probe(
      input({
        budgetMs: 2000,
        names: [{ name: 'silent.vpce.test', role: 'endpoint' }],
        urls: [
          {
            form: 'vpce-hostname',
            url: 'https://silent.vpce.test/prod/',
            headers: { 'x-apigw-api-id': API },
          },
        ],
      }),
    );

    // Assess
    expect(output.tcp).toEqual([expect.objectContaining({ address: NEVER_SPEAKS, ok: true })]);
    expect(output.http[0]).toMatchObject({ status: null, errorCode: 'ETIMEDOUT' });
  });

  it('reports SERVFAIL, a resolver that never answers, and skips the request for a name without address', async () => {
    // Act
    const output = await probe(
      input({
        budgetMs: 2000,
        names: [
          { name: 'servfail.execute-api.test', role: 'private-dns' },
          { name: 'unanswered.execute-api.test', role: 'vpce-alias' },
        ],
        urls: [{ form: 'vpce-alias', url: 'https://unanswered.execute-api.test/prod/', headers: {} }],
      }),
    );

    // Assess
    expect(output.dns).toEqual([
      expect.objectContaining({ name: 'servfail.execute-api.test', addresses: [], errorCode: 'ESERVFAIL' }),
      expect.objectContaining({ name: 'unanswered.execute-api.test', addresses: [], errorCode: 'ETIMEOUT' }),
    ]);
    expect(output.tcp).toEqual([]);
    expect(output.http[0]).toMatchObject({ address: null, status: null, errorCode: 'ETIMEOUT' });
  });

  it('verifies the certificate unless the input turns verification off', async () => {
    // Act
    const output = await probe(
      input({
        target: { port: https.port },
        names: [{ name: PRIVATE_NAME, role: 'private-dns' }],
        urls: [{ form: 'private-dns', url: `https://${PRIVATE_NAME}/prod/`, headers: {} }],
      }),
    );

    // Assess
    expect(output.http[0]).toMatchObject({ status: null, errorCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('rejects an input of another schema version', async () => {
    // Act
    const run = handler({ ...input({}), schemaVersion: 2 });

    // Assess
    await expect(run).rejects.toBeInstanceOf(ProbeSchemaError);
  });
});
