// RoleSessions through the real STSClient, with STS's own wire shapes answered by nock (the query protocol: a
// form-encoded POST of Action=AssumeRole, an XML answer) and, for the timeout, a loopback server that never answers.

import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TIMEOUTS } from '../../src/aws/clients.js';
import {
  accountOfRoleArn,
  assumeRoleError,
  REFRESH_MARGIN_MS,
  REFUSAL_MEMORY_MS,
  RoleSessions,
  type RoleSessionsOptions,
  roleArnFor,
  SESSION_SECONDS,
} from '../../src/aws/role-sessions.js';
import { AwsCallError } from '../../src/diagnosis/facts.js';
import { sessionNameFor } from '../../src/remediation/cloudtrail-hint.js';

/** STS is called in the region the sessions are given: its regional endpoint. */
const STS_URL = 'https://sts.eu-west-1.amazonaws.com';
const XML_HEADERS = { 'content-type': 'text/xml' };
const ROLE = 'arn:aws:iam::222222222222:role/apigw-diagnose-read';
const OTHER_ROLE = 'arn:aws:iam::333333333333:role/apigw-diagnose-read';
const SESSION = 'apigw-diagnose';
const T0 = Date.parse('2026-07-15T12:00:00.000Z');

type FormBody = Record<string, string>;

const servers: Server[] = [];

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  nock.cleanAll();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** A settable clock, read by the sessions through the `now` option. */
function clock(start = T0) {
  let now = start;
  return {
    now: () => now,
    set: (ms: number) => {
      now = ms;
    },
  };
}

function sessions(options: Partial<RoleSessionsOptions> = {}): RoleSessions {
  return new RoleSessions({
    settings: { maxAttempts: 1 },
    region: 'eu-west-1',
    timeouts: TIMEOUTS.diagnosis,
    externalId: null,
    describeRole: () => 'APIGW_DIAGNOSE_ROLE',
    now: () => T0,
    ...options,
  });
}

function assumeRoleResponse(accessKeyId: string, expiration: number, roleArn = ROLE): string {
  const [, account, name] = /iam::(\d{12}):role\/(.+)$/.exec(roleArn) ?? [];
  return `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:${SESSION}</AssumedRoleId>
      <Arn>arn:aws:sts::${account}:assumed-role/${name}/${SESSION}</Arn>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${accessKeyId}</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQ</SessionToken>
      <Expiration>${new Date(expiration).toISOString()}</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>`;
}

function errorResponse(code: string, message: string): string {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>${code}</Code>
    <Message>${message}</Message>
  </Error>
  <RequestId>4b6bd1a2-5f3c-4d3b-9e77-0f0e3c9a1b2c</RequestId>
</ErrorResponse>`;
}

const ACCESS_DENIED_MESSAGE =
  'User: arn:aws:sts::123456789012:assumed-role/bot/x is not authorized to perform: sts:AssumeRole on resource: ' +
  ROLE;

/** Intercepts AssumeRole requests, recording each form body. */
function assumeRole(bodies: FormBody[] = []) {
  return nock(STS_URL).post('/', (body: FormBody) => {
    if (body.Action !== 'AssumeRole') return false;
    bodies.push(body);
    return true;
  });
}

async function rejection(promise: Promise<unknown>): Promise<AwsCallError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof AwsCallError)) throw error;
  return error;
}

/** A loopback server that accepts every request and never answers; counts them. */
async function hangingServer(): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server = createServer(() => {
    requests += 1;
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

describe('RoleSessions.credentials', () => {
  it("assumes the role with STS's AssumeRole and returns its credentials", async () => {
    // Prepare
    const bodies: FormBody[] = [];
    const scope = assumeRole(bodies).reply(
      200,
      assumeRoleResponse('ASIAEXAMPLEKEY000001', T0 + 3_600_000),
      XML_HEADERS,
    );
    const roles = sessions();

    // Act
    const credentials = await roles.credentials(ROLE, SESSION);

    // Assess
    scope.done();
    expect(credentials).toEqual({
      accessKeyId: 'ASIAEXAMPLEKEY000001',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY',
      sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQ',
      expiration: new Date(T0 + 3_600_000),
    });
    expect(bodies).toEqual([
      {
        Action: 'AssumeRole',
        Version: '2011-06-15',
        RoleArn: ROLE,
        RoleSessionName: SESSION,
        DurationSeconds: String(SESSION_SECONDS),
      },
    ]);
    expect(SESSION_SECONDS).toBe(3600);
    expect(roles.assumeRoleCalls()).toBe(1);
  });

  it('sends the external id only when one is configured', async () => {
    // Prepare
    const bodies: FormBody[] = [];
    const scope = assumeRole(bodies)
      .times(2)
      .reply(200, assumeRoleResponse('ASIAEXAMPLEKEY000002', T0 + 3_600_000), XML_HEADERS);

    // Act
    await sessions({ externalId: 'ops-7f3a:team/a' }).credentials(ROLE, SESSION);
    await sessions({ externalId: null }).credentials(ROLE, SESSION);

    // Assess
    scope.done();
    expect(bodies[0]?.ExternalId).toBe('ops-7f3a:team/a');
    expect(bodies[1]).not.toHaveProperty('ExternalId');
  });

  it('makes one AssumeRole for many concurrent callers, and all of them get its credentials', async () => {
    // Prepare: one answer only; a second request would find no interceptor and fail its caller.
    const scope = assumeRole().reply(
      200,
      assumeRoleResponse('ASIAEXAMPLEKEY000003', T0 + 3_600_000),
      XML_HEADERS,
    );
    const roles = sessions();

    // Act
    const all = await Promise.all(Array.from({ length: 8 }, () => roles.credentials(ROLE, SESSION)));

    // Assess
    scope.done();
    expect(roles.assumeRoleCalls()).toBe(1);
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(['ASIAEXAMPLEKEY000003']));
  });

  it('reuses the credentials for later callers without asking STS again', async () => {
    // Prepare
    const time = clock();
    const scope = assumeRole().reply(
      200,
      assumeRoleResponse('ASIAEXAMPLEKEY000004', T0 + 3_600_000),
      XML_HEADERS,
    );
    const roles = sessions({ now: time.now });
    const first = await roles.credentials(ROLE, SESSION);

    // Act: 54 minutes later, six minutes before they expire.
    time.set(T0 + 3_600_000 - REFRESH_MARGIN_MS - 60_000);
    const later = await roles.credentials(ROLE, SESSION);

    // Assess
    scope.done();
    expect(later).toBe(first);
    expect(roles.assumeRoleCalls()).toBe(1);
  });

  it('assumes the role again once its credentials expire within five minutes', async () => {
    // Prepare
    const time = clock();
    const scope = assumeRole()
      .reply(200, assumeRoleResponse('ASIAEXAMPLEKEY000005', T0 + 3_600_000), XML_HEADERS)
      .post('/')
      .reply(200, assumeRoleResponse('ASIAEXAMPLEKEY000006', T0 + 7_200_000), XML_HEADERS);
    const roles = sessions({ now: time.now });
    await roles.credentials(ROLE, SESSION);

    // Act: four minutes before they expire.
    time.set(T0 + 3_600_000 - REFRESH_MARGIN_MS + 60_000);
    const refreshed = await roles.credentials(ROLE, SESSION);

    // Assess
    scope.done();
    expect(REFRESH_MARGIN_MS).toBe(5 * 60_000);
    expect(refreshed.accessKeyId).toBe('ASIAEXAMPLEKEY000006');
    expect(roles.assumeRoleCalls()).toBe(2);
  });

  it('keeps one session per role and session name', async () => {
    // Prepare
    const bodies: FormBody[] = [];
    const scope = assumeRole(bodies)
      .times(3)
      .reply(200, assumeRoleResponse('ASIAEXAMPLEKEY000011', T0 + 3_600_000), XML_HEADERS);
    const roles = sessions();

    // Act
    await roles.credentials(ROLE, SESSION);
    await roles.credentials(OTHER_ROLE, SESSION);
    await roles.credentials(ROLE, sessionNameFor('U012ABCDEF'));
    await roles.credentials(ROLE, SESSION);
    await roles.credentials(OTHER_ROLE, SESSION);

    // Assess
    scope.done();
    expect(roles.assumeRoleCalls()).toBe(3);
    expect(bodies.map((b) => `${b.RoleArn} ${b.RoleSessionName}`)).toEqual([
      `${ROLE} apigw-diagnose`,
      `${OTHER_ROLE} apigw-diagnose`,
      `${ROLE} apigw-diagnose-U012ABCDEF`,
    ]);
  });

  it('serves a provider in the shape SDK clients accept, from the same cache', async () => {
    // Prepare
    const scope = assumeRole().reply(
      200,
      assumeRoleResponse('ASIAEXAMPLEKEY000007', T0 + 3_600_000),
      XML_HEADERS,
    );
    const roles = sessions();
    const provider = roles.provider(ROLE, SESSION);

    // Act
    const [a, b] = await Promise.all([provider(), roles.credentials(ROLE, SESSION)]);

    // Assess
    scope.done();
    expect(a.accessKeyId).toBe('ASIAEXAMPLEKEY000007');
    expect(b).toEqual(a);
    expect(roles.assumeRoleCalls()).toBe(1);
  });

  it('reads the starting credentials without any AssumeRole', async () => {
    // Prepare: test/setup/env.ts sets the dummy `testing` credentials; no interceptor, so any request fails.
    const roles = sessions();

    // Act
    const starting = await roles.startingCredentials();

    // Assess
    expect(starting).toMatchObject({ accessKeyId: 'testing', secretAccessKey: 'testing' });
    expect(roles.assumeRoleCalls()).toBe(0);
  });
});

describe('RoleSessions when STS refuses or fails', () => {
  it("reports AccessDenied as access-denied on sts:AssumeRole, naming the role, its account and the member role's template", async () => {
    // Prepare
    const scope = assumeRole().reply(403, errorResponse('AccessDenied', ACCESS_DENIED_MESSAGE), XML_HEADERS);
    const roles = sessions();

    // Act
    const error = await rejection(roles.credentials(ROLE, SESSION));

    // Assess
    scope.done();
    expect(error).toMatchObject({ kind: 'access-denied', action: 'sts:AssumeRole', operation: 'AssumeRole' });
    expect(error.message).toContain(`could not assume ${ROLE} (APIGW_DIAGNOSE_ROLE)`);
    expect(error.message).toContain('to read account 222222222222');
    expect(error.message).toContain(ACCESS_DENIED_MESSAGE);
    expect(error.message).toContain('iam/member-account-roles.yaml');
    expect((error.cause as Error).name).toBe('AccessDenied');
  });

  it('answers a refused role from memory for 30 s, then asks STS again', async () => {
    // Prepare
    const time = clock();
    const scope = assumeRole().reply(403, errorResponse('AccessDenied', ACCESS_DENIED_MESSAGE), XML_HEADERS);
    const roles = sessions({ now: time.now });
    const first = await rejection(roles.credentials(ROLE, SESSION));

    // Act: within the 30 s no request is made (none is intercepted: one would fail with a nock error).
    time.set(T0 + REFUSAL_MEMORY_MS - 1000);
    const remembered = await rejection(roles.credentials(ROLE, SESSION));
    const callsWhileRemembered = roles.assumeRoleCalls();
    scope.done();
    const retry = assumeRole().reply(
      200,
      assumeRoleResponse('ASIAEXAMPLEKEY000008', T0 + 3_600_000),
      XML_HEADERS,
    );
    time.set(T0 + REFUSAL_MEMORY_MS + 1000);
    const afterwards = await roles.credentials(ROLE, SESSION);

    // Assess
    expect(REFUSAL_MEMORY_MS).toBe(30_000);
    expect(remembered).toBe(first);
    expect(callsWhileRemembered).toBe(1);
    retry.done();
    expect(afterwards.accessKeyId).toBe('ASIAEXAMPLEKEY000008');
    expect(roles.assumeRoleCalls()).toBe(2);
  });

  it('refuses every concurrent caller with one AssumeRole', async () => {
    // Prepare
    const scope = assumeRole().reply(403, errorResponse('AccessDenied', ACCESS_DENIED_MESSAGE), XML_HEADERS);
    const roles = sessions();

    // Act
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => roles.credentials(ROLE, SESSION)),
    );

    // Assess
    scope.done();
    expect(results.map((r) => r.status)).toEqual(Array(5).fill('rejected'));
    expect(roles.assumeRoleCalls()).toBe(1);
  });

  it('does not remember a refusal of one role for another', async () => {
    // Prepare
    const scope = assumeRole()
      .reply(403, errorResponse('AccessDenied', ACCESS_DENIED_MESSAGE), XML_HEADERS)
      .post('/')
      .reply(200, assumeRoleResponse('ASIAEXAMPLEKEY000009', T0 + 3_600_000, OTHER_ROLE), XML_HEADERS);
    const roles = sessions();

    // Act
    await rejection(roles.credentials(ROLE, SESSION));
    const other = await roles.credentials(OTHER_ROLE, SESSION);

    // Assess
    scope.done();
    expect(other.accessKeyId).toBe('ASIAEXAMPLEKEY000009');
  });

  it('reports Throttling as throttled and asks STS again on the very next call', async () => {
    // Prepare
    const scope = assumeRole()
      .reply(400, errorResponse('Throttling', 'Rate exceeded'), XML_HEADERS)
      .post('/')
      .reply(200, assumeRoleResponse('ASIAEXAMPLEKEY000010', T0 + 3_600_000), XML_HEADERS);
    const roles = sessions();

    // Act
    const error = await rejection(roles.credentials(ROLE, SESSION));
    const next = await roles.credentials(ROLE, SESSION);

    // Assess
    scope.done();
    expect(error).toMatchObject({ kind: 'throttled', action: 'sts:AssumeRole', operation: 'AssumeRole' });
    expect(error.message).toContain(ROLE);
    expect(error.message).toContain('Rate exceeded');
    expect(error.message).not.toContain('iam/member-account-roles.yaml');
    expect(next.accessKeyId).toBe('ASIAEXAMPLEKEY000010');
    expect(roles.assumeRoleCalls()).toBe(2);
  });

  it("reports STS's own 5xx as a failure to retry, not a refusal, and asks STS again on the very next call", async () => {
    // Prepare
    const scope = assumeRole()
      .reply(500, errorResponse('InternalFailure', 'An internal error occurred'), XML_HEADERS)
      .post('/')
      .reply(200, assumeRoleResponse('ASIAEXAMPLEKEY000011', T0 + 3_600_000), XML_HEADERS);
    const roles = sessions({ settings: { maxAttempts: 1 } });

    // Act
    const error = await rejection(roles.credentials(ROLE, SESSION));
    const next = await roles.credentials(ROLE, SESSION);

    // Assess
    scope.done();
    expect(error).toMatchObject({ kind: 'other', action: 'sts:AssumeRole' });
    expect(error.message).toContain('STS failed on its side');
    expect(error.message).not.toContain('iam/member-account-roles.yaml');
    expect(next.accessKeyId).toBe('ASIAEXAMPLEKEY000011');
  });

  it('gives up on an STS that never answers as a timeout, and asks again on the next call', async () => {
    // Prepare
    const sts = await hangingServer();
    const roles = sessions({
      settings: {
        maxAttempts: 1,
        endpoint: sts.url,
        timeouts: { requestTimeoutMs: 200, connectionTimeoutMs: 2000 },
      },
    });

    // Act
    const first = await rejection(roles.credentials(ROLE, SESSION));
    const second = await rejection(roles.credentials(ROLE, SESSION));

    // Assess
    expect(first).toMatchObject({ kind: 'timeout', action: 'sts:AssumeRole', operation: 'AssumeRole' });
    expect(first.message).toContain(ROLE);
    expect(second.kind).toBe('timeout');
    expect(sts.requests()).toBe(2);
    expect(roles.assumeRoleCalls()).toBe(2);
  });

  it('reads an answer with no credentials as a refusal', async () => {
    // Prepare
    const scope = assumeRole().reply(
      200,
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult/>
  <ResponseMetadata><RequestId>0123</RequestId></ResponseMetadata>
</AssumeRoleResponse>`,
      XML_HEADERS,
    );

    // Act
    const error = await rejection(sessions().credentials(ROLE, SESSION));

    // Assess
    scope.done();
    expect(error).toMatchObject({ kind: 'access-denied', action: 'sts:AssumeRole' });
    expect(error.message).toContain('AssumeRole returned no credentials');
  });
});

describe('role names, ARNs and session names', () => {
  it.each([
    ['apigw-diagnose-read', '222222222222', 'arn:aws:iam::222222222222:role/apigw-diagnose-read'],
    ['team/apigw-diagnose-read', '222222222222', 'arn:aws:iam::222222222222:role/team/apigw-diagnose-read'],
    [
      'arn:aws:iam::{account}:role/apigw-diagnose-read',
      '333333333333',
      'arn:aws:iam::333333333333:role/apigw-diagnose-read',
    ],
    [
      'arn:aws-us-gov:iam::{account}:role/ops/{account}-reader',
      '333333333333',
      'arn:aws-us-gov:iam::333333333333:role/ops/333333333333-reader',
    ],
  ])('roleArnFor(%s, %s) is %s', (template, account, expected) => {
    expect(roleArnFor(template, account)).toBe(expected);
  });

  it('reads the account of a role ARN, and none of anything else', () => {
    expect(accountOfRoleArn('arn:aws:iam::222222222222:role/apigw-diagnose-read')).toBe('222222222222');
    expect(accountOfRoleArn('arn:aws-cn:iam::444444444444:role/x')).toBe('444444444444');
    expect(accountOfRoleArn('arn:aws:iam::222222222222:user/alice')).toBeNull();
    expect(accountOfRoleArn('apigw-diagnose-read')).toBeNull();
  });
});

describe('assumeRoleError', () => {
  it('says the network could not reach STS as unreachable, without sending the user to IAM', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });

    const error = assumeRoleError(refused, ROLE);

    expect(error).toMatchObject({ kind: 'unreachable', action: 'sts:AssumeRole', operation: 'AssumeRole' });
    expect(error.message).not.toContain('iam/member-account-roles.yaml');
    expect(error.cause).toBe(refused);
  });

  it('names the missing sts:SetSourceIdentity permission when STS refuses the source identity', () => {
    // AWS's answer when the trust policy allows sts:AssumeRole but not sts:SetSourceIdentity.
    const refused = Object.assign(
      new Error(
        'User: arn:aws:sts::111122223333:assumed-role/bot/i-1 is not authorized to perform: ' +
          `sts:SetSourceIdentity on resource: ${ROLE}`,
      ),
      { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } },
    );
    const other = Object.assign(new Error('User is not authorized to perform: sts:AssumeRole'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });

    const error = assumeRoleError(refused, ROLE);
    const plain = assumeRoleError(other, ROLE);

    expect(error).toMatchObject({ kind: 'access-denied', operation: 'AssumeRole' });
    expect(error.message).toMatch(/trust policy must allow sts:SetSourceIdentity to the bot's role/);
    expect(error.message).toContain('docs/iam.md');
    expect(plain.message).not.toMatch(/trust policy must allow sts:SetSourceIdentity/);
    expect(plain.message).toContain('iam/member-account-roles.yaml');
  });
});
