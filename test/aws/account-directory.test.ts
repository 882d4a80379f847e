// AccountDirectory against moto_server: the home account is moto's default (the `testing` credentials'), the
// organisation is seeded through AWS Organizations, and other accounts are read through AssumeRole, which moto
// answers with credentials of the role's account. nock answers what a test makes fail (or page) on moto's address.

import { CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  CreateAccountCommand,
  CreateOrganizationCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createAccountClients } from '../../scripts/seed-scenarios.mjs';
import {
  ACCOUNT_LIST_TTL_MS,
  AccountDirectory,
  processAccountDirectory,
} from '../../src/aws/account-directory.js';
import { Pacer } from '../../src/aws/pacing.js';
import { type AccountsSettings, NO_ACCOUNTS } from '../../src/config.js';
import { motoWithNock } from '../support/moto.js';

const moto = motoWithNock();

const REGION = 'us-east-1';
/** The account of the `testing` credentials in moto. */
const HOME = '123456789012';
const LISTED = '444444444444';
const LISTED_SKIPPED = '555555555555';
const READ_ROLE = 'apigw-diagnose-read';
const T0 = Date.parse('2026-07-15T12:00:00.000Z');
const ORGANIZATIONS_JSON = { 'content-type': 'application/x-amz-json-1.1' };

function directory(accounts: Partial<AccountsSettings>, now?: () => number): AccountDirectory {
  return new AccountDirectory({
    settings: { maxAttempts: 1, endpoint: moto().url },
    accounts: { ...NO_ACCOUNTS, readRole: READ_ROLE, ...accounts },
    stsRegion: REGION,
    ...(now ? { now } : {}),
  });
}

function organizations(): OrganizationsClient {
  return new OrganizationsClient({ endpoint: moto().url, region: REGION, maxAttempts: 1 });
}

/** An organisation managed by the home account, with `names.length` member accounts; returns their ids. */
async function seedOrganization(...names: string[]): Promise<string[]> {
  const client = organizations();
  await client.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const ids: string[] = [];
  for (const name of names) ids.push(await createAccount(client, name));
  return ids;
}

async function createAccount(client: OrganizationsClient, name: string): Promise<string> {
  const out = await client.send(
    new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
  );
  const id = out.CreateAccountStatus?.AccountId;
  if (!id) throw new Error(`moto created no account for ${name}`);
  return id;
}

/** Intercepts one Organizations JSON operation on moto's address; everything else goes through to moto. */
function organizationsOperation(operation: string) {
  return nock(moto().url, { allowUnmocked: true })
    .post('/')
    .matchHeader('x-amz-target', `AWSOrganizationsV20161128.${operation}`);
}

describe('AccountDirectory.scope().accounts()', () => {
  it('lists the home account first, then the listed ones, then the discovered ones, without skipped ones', async () => {
    // Prepare
    const [payments, ledger] = await seedOrganization('payments', 'ledger');
    if (!payments || !ledger) throw new Error('expected two member accounts');
    const accounts = directory({
      accountIds: [LISTED, LISTED_SKIPPED, payments],
      discoverOrganization: true,
      skipAccountIds: [LISTED_SKIPPED, ledger],
    });

    // Act
    const listed = await accounts.scope(REGION).accounts();

    // Assess: the home account is also the organisation's management account: it appears once, first.
    expect(listed).toEqual({ accounts: [HOME, LISTED, payments], discoveryError: null });
    expect(accounts.sessions.assumeRoleCalls()).toBe(0);
  });

  it('reads only the home and listed accounts when discovery is not asked for', async () => {
    // Prepare: an organisation exists, but APIGW_DIAGNOSE_ACCOUNTS does not say `organization`.
    const [payments] = await seedOrganization('payments');
    const accounts = directory({ accountIds: [LISTED] });

    // Act
    const listed = await accounts.scope(REGION).accounts();

    // Assess
    expect(listed.accounts).toEqual([HOME, LISTED]);
    expect(listed.accounts).not.toContain(payments);
  });

  it('keeps the organisation list for 15 minutes, across diagnoses, then reads it again', async () => {
    // Prepare
    let now = T0;
    const [payments] = await seedOrganization('payments');
    const accounts = directory({ discoverOrganization: true }, () => now);
    const first = await accounts.scope(REGION).accounts();
    const joined = await createAccount(organizations(), 'joined-later');

    // Act
    now = T0 + ACCOUNT_LIST_TTL_MS - 1000;
    const cached = await accounts.scope(REGION).accounts();
    now = T0 + ACCOUNT_LIST_TTL_MS + 1000;
    const reread = await accounts.scope(REGION).accounts();

    // Assess
    expect(ACCOUNT_LIST_TTL_MS).toBe(15 * 60_000);
    expect(first.accounts).toEqual([HOME, payments]);
    expect(cached.accounts).toEqual([HOME, payments]);
    expect(reread.accounts).toEqual([HOME, payments, joined]);
  });

  it('keeps only ACTIVE accounts and follows NextToken through every page', async () => {
    // Prepare
    const bodies: Record<string, unknown>[] = [];
    const record = (body: Record<string, unknown>) => {
      bodies.push(body);
      return true;
    };
    const pages = nock(moto().url, { allowUnmocked: true })
      .post('/', (body: Record<string, unknown>) => body.NextToken === undefined && record(body))
      .matchHeader('x-amz-target', 'AWSOrganizationsV20161128.ListAccounts')
      .reply(
        200,
        {
          Accounts: [
            { Id: HOME, Status: 'ACTIVE', State: 'ACTIVE' },
            { Id: '600000000001', Status: 'ACTIVE', State: 'ACTIVE' },
            { Id: '600000000002', Status: 'SUSPENDED', State: 'SUSPENDED' },
          ],
          NextToken: 'page-2',
        },
        ORGANIZATIONS_JSON,
      )
      .post('/', (body: Record<string, unknown>) => body.NextToken === 'page-2' && record(body))
      .matchHeader('x-amz-target', 'AWSOrganizationsV20161128.ListAccounts')
      .reply(
        200,
        {
          Accounts: [
            { Id: '600000000003', Status: 'ACTIVE', State: 'PENDING_CLOSURE' },
            { Id: '600000000004', Status: 'ACTIVE' },
            { Id: '600000000005', State: 'CLOSED' },
          ],
        },
        ORGANIZATIONS_JSON,
      );
    const accounts = directory({ discoverOrganization: true });

    // Act
    const listed = await accounts.scope(REGION).accounts();

    // Assess
    pages.done();
    expect(bodies).toEqual([{}, { NextToken: 'page-2' }]);
    expect(listed).toEqual({ accounts: [HOME, '600000000001', '600000000004'], discoveryError: null });
  });

  it('keeps the listed accounts and reports why when ListAccounts is denied, then asks again next time', async () => {
    // Prepare: the organisation exists, but the first ListAccounts is refused.
    const [payments] = await seedOrganization('payments');
    const accounts = directory({ accountIds: [LISTED], discoverOrganization: true });
    const scope = accounts.scope(REGION);
    await scope.homeAccount();
    const denied = organizationsOperation('ListAccounts').reply(
      400,
      {
        __type: 'AccessDeniedException',
        Message: 'You don\u2019t have permissions to access this resource.',
      },
      { ...ORGANIZATIONS_JSON, 'x-amzn-errortype': 'AccessDeniedException' },
    );

    // Act
    const failed = await scope.accounts();
    denied.done();
    const next = await accounts.scope(REGION).accounts();

    // Assess
    expect(failed.accounts).toEqual([HOME, LISTED]);
    expect(failed.discoveryError).toMatchObject({
      kind: 'access-denied',
      action: 'organizations:ListAccounts',
      operation: 'ListAccounts',
    });
    expect(failed.discoveryError?.message).toContain('permissions to access this resource');
    expect(next).toEqual({ accounts: [HOME, LISTED, payments], discoveryError: null });
  });

  it('lists the accounts through APIGW_DIAGNOSE_ORG_ROLE_ARN when one is set', async () => {
    // Prepare
    const [payments] = await seedOrganization('payments');
    const accounts = directory({
      discoverOrganization: true,
      orgRoleArn: `arn:aws:iam::${HOME}:role/apigw-diagnose-org-read`,
    });

    // Act
    const listed = await accounts.scope(REGION).accounts();

    // Assess
    expect(listed).toEqual({ accounts: [HOME, payments], discoveryError: null });
    expect(accounts.sessions.assumeRoleCalls()).toBe(1);
  });
});

describe('AccountDirectory.scope().portsFor()', () => {
  /** A VPC created in one account (through a role assumed there for the home account, the plain credentials). */
  async function vpcIn(accountId: string): Promise<string> {
    const config = { endpoint: moto().url, region: REGION, maxAttempts: 1 };
    const ec2 =
      accountId === HOME ? new EC2Client(config) : (await createAccountClients(moto().url, accountId)).ec2;
    const out = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.42.0.0/16' }));
    const id = out.Vpc?.VpcId;
    if (!id) throw new Error('moto created no VPC');
    return id;
  }

  it('reads the home account with the starting credentials, without assuming a role in it', async () => {
    // Prepare
    const homeVpc = await vpcIn(HOME);
    const accounts = directory({ accountIds: [LISTED] });

    // Act: before the home account is known, then once it is.
    const before = await accounts.scope(REGION).portsFor(HOME).ec2.describeVpcs([homeVpc]);
    const scope = accounts.scope(REGION);
    await scope.homeAccount();
    const after = await scope.portsFor(HOME).ec2.describeVpcs([homeVpc]);

    // Assess
    expect(before.map((v) => v.id)).toEqual([homeVpc]);
    expect(after.map((v) => v.id)).toEqual([homeVpc]);
    expect(scope.portsFor(HOME)).toBe(scope.home);
    expect(accounts.sessions.assumeRoleCalls()).toBe(0);
  });

  it("reads another account through its role, assumed once across two diagnoses' scopes", async () => {
    // Prepare
    const listedVpc = await vpcIn(LISTED);
    const homeVpc = await vpcIn(HOME);
    const accounts = directory({ accountIds: [LISTED] });
    const first = accounts.scope(REGION);
    const second = accounts.scope(REGION);

    // Act
    const seen = await first.portsFor(LISTED).ec2.describeVpcs([listedVpc, homeVpc]);
    const again = await second.portsFor(LISTED).ec2.describeVpcs([listedVpc, homeVpc]);
    const fromHome = await second.home.ec2.describeVpcs([listedVpc, homeVpc]);

    // Assess: each account sees only its own VPC, and the role was assumed once.
    expect(seen.map((v) => v.id)).toEqual([listedVpc]);
    expect(again.map((v) => v.id)).toEqual([listedVpc]);
    expect(fromHome.map((v) => v.id)).toEqual([homeVpc]);
    expect(first.portsFor(LISTED)).toBe(first.portsFor(LISTED));
    expect(accounts.sessions.assumeRoleCalls()).toBe(1);
    expect(first.readRoleFor(LISTED)).toBe(`arn:aws:iam::${LISTED}:role/${READ_ROLE}`);
  });

  it('counts the calls of every account of one diagnosis in one counter, and none of another', async () => {
    // Prepare
    const accounts = directory({ accountIds: [LISTED] });
    const scope = accounts.scope(REGION);
    const other = accounts.scope(REGION);

    // Act
    await scope.home.ec2.describeVpcEndpoints();
    await scope.portsFor(LISTED).ec2.describeVpcEndpoints();

    // Assess
    expect(scope.callCounts().ec2).toBe(2);
    expect(other.callCounts().ec2).toBe(0);
  });

  it('reads every account through the home ports when no role is configured', () => {
    // Prepare
    const accounts = new AccountDirectory({
      settings: { maxAttempts: 1, endpoint: moto().url },
      accounts: NO_ACCOUNTS,
      stsRegion: REGION,
    });

    // Act
    const scope = accounts.scope(REGION);

    // Assess
    expect(accounts.multiAccount).toBe(false);
    expect(scope.multiAccount).toBe(false);
    expect(scope.portsFor(LISTED)).toBe(scope.home);
    expect(scope.readRoleFor(LISTED)).toBeNull();
  });

  it('remembers locations for the life of the process, across scopes', async () => {
    // Prepare
    const accounts = directory({ accountIds: [LISTED] });

    // Act
    await accounts.scope(REGION).remember('locate|api|us-east-1|a1b2c3d4e5', LISTED);

    // Assess
    expect(await accounts.scope(REGION).recall('locate|api|us-east-1|a1b2c3d4e5')).toBe(LISTED);
    expect(await accounts.scope(REGION).recall('locate|api|us-east-1|zzzzzzzzzz')).toBeNull();
  });
});

describe('AccountDirectory.remediationAccounts()', () => {
  /** Records every AssumeRole's role, session name and source identity, and lets the call go on to moto. */
  function spyOnAssumeRole(): string[] {
    const assumed: string[] = [];
    nock(moto().url, { allowUnmocked: true })
      .persist()
      .post('/', (body: unknown) => {
        const form = new URLSearchParams(
          typeof body === 'string' ? body : { ...(body as Record<string, string>) },
        );
        if (form.get('Action') === 'AssumeRole') {
          assumed.push(`${form.get('RoleArn')} ${form.get('RoleSessionName')} ${form.get('SourceIdentity')}`);
        }
        return false;
      })
      .reply(500);
    return assumed;
  }

  it.each([
    [
      'the home account, with REMEDIATION_ROLE_ARN',
      HOME,
      `arn:aws:iam::${HOME}:role/apigw-diagnose-remediation`,
    ],
    [
      'another account, with its remediation role',
      LISTED,
      `arn:aws:iam::${LISTED}:role/apigw-diagnose-remediate`,
    ],
  ])(
    'changes %s in a session that names the Slack user and carries it as source identity',
    async (_name, account, role) => {
      // Prepare
      const accounts = directory({ accountIds: [LISTED], remediationRole: 'apigw-diagnose-remediate' });
      const assumed = spyOnAssumeRole();

      // Act
      const credentials = await accounts
        .remediationAccounts(REGION, `arn:aws:iam::${HOME}:role/apigw-diagnose-remediation`)
        .writeCredentials(account, { userId: 'U012ABCDEF' })();

      // Assess
      expect(credentials.accessKeyId).toBeTruthy();
      expect(assumed).toEqual([`${role} apigw-diagnose-U012ABCDEF slack-U012ABCDEF`]);
    },
  );
});

describe('processAccountDirectory: the one builder of the bot, the CLI and the MCP server', () => {
  const settings = { maxAttempts: 1, endpoint: 'http://127.0.0.1:9' };
  const withRole = { ...NO_ACCOUNTS, readRole: READ_ROLE };

  it('makes no directory without a read role', () => {
    const directoryFor = processAccountDirectory({ settings, accounts: NO_ACCOUNTS, defaultRegion: REGION });
    expect(directoryFor(REGION)).toBeNull();
  });

  it('makes one directory for every region, calling STS in the default region', () => {
    // Act
    const directoryFor = processAccountDirectory({
      settings,
      accounts: withRole,
      defaultRegion: 'eu-west-1',
    });
    const first = directoryFor('ap-southeast-2');

    // Assess
    expect(first?.stsRegion).toBe('eu-west-1');
    expect(directoryFor('us-east-1')).toBe(first);
  });

  it('without a default region, calls STS in the region of the first diagnosis or fix (a Regional endpoint)', () => {
    // Act
    const directoryFor = processAccountDirectory({ settings, accounts: withRole, defaultRegion: null });

    // Assess
    expect(directoryFor('ap-southeast-2')?.stsRegion).toBe('ap-southeast-2');
    expect(directoryFor('us-east-1')?.stsRegion).toBe('ap-southeast-2');
  });
});

describe('pacing of the organisation list', () => {
  it('takes ListAccounts from a budget of its own, never from STS', async () => {
    // Prepare: a pacer that records the budgets taken from.
    await seedOrganization('payments');
    const taken: string[] = [];
    const pacer = new (class extends Pacer {
      override async take(key: string, service: string): Promise<void> {
        taken.push(`${key}/${service}`);
      }
    })();
    const accounts = new AccountDirectory({
      settings: { maxAttempts: 1, endpoint: moto().url, pacer },
      accounts: { ...NO_ACCOUNTS, readRole: READ_ROLE, discoverOrganization: true },
      stsRegion: REGION,
    });

    // Act
    await accounts.scope(REGION).accounts();

    // Assess
    expect(taken).toContain('global/organizations');
    expect(taken.filter((budget) => budget.endsWith('/sts'))).toEqual([`${REGION}/sts`]);
  });
});
