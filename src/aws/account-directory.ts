// The accounts the tool reads: its own (the starting credentials) and, when APIGW_DIAGNOSE_ROLE is set, every
// listed or discovered account through that role. One directory per process: it keeps the home account's
// identity, the organisation's account list (for a few minutes) and the assumed-role sessions, so a burst of
// diagnoses across many accounts makes each of those calls once.

import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import type { AccountsSettings } from '../config.js';
import { CallCounter } from '../diagnosis/call-counter.js';
import { AwsCallError, type AwsFailure, type Fetched } from '../diagnosis/facts.js';
import { fetched } from '../diagnosis/fetched.js';
import type { AccountScope, AwsPorts } from '../diagnosis/ports.js';
import { sessionNameFor, sourceIdentityFor } from '../remediation/cloudtrail-hint.js';
import { RemediationCallError } from '../remediation/ports.js';
import type { StateStore } from '../state/store.js';
import { type AwsClientSettings, makeClient, TIMEOUTS } from './clients.js';
import { callAws } from './errors.js';
import { createAwsPorts } from './ports.js';
import type { RemediationAccounts } from './remediation-gateway.js';
import { RoleSessions, roleArnFor } from './role-sessions.js';

/** Where located APIs and endpoints are remembered (the bot's state table; the CLI keeps them in memory). */
export interface LocationMemory {
  read(key: string): Promise<string | null>;
  write(key: string, value: string): Promise<void>;
}

/** How long an organisation's account list is reused before it is read again. */
export const ACCOUNT_LIST_TTL_MS = 15 * 60_000;
/** Organizations is a global service; its endpoint is in us-east-1 (aws partition). */
const ORGANIZATIONS_REGION = 'us-east-1';
/** ListAccounts pages: 20 accounts each; an organisation of 2,000 accounts is 100 pages. */
const MAX_ACCOUNT_PAGES = 100;

export interface AccountDirectoryOptions {
  settings: AwsClientSettings;
  accounts: AccountsSettings;
  /** The region STS is called in (the bot's default region). */
  stsRegion: string;
  probeFunction?: string;
  memory?: LocationMemory;
  now?: () => number;
}

export class AccountDirectory {
  readonly sessions: RoleSessions;
  private home: Promise<Fetched<string>> | null = null;
  /** The home account once known, so its ports are the starting credentials' own (one pacing budget). */
  private homeId: string | null = null;
  private listed: {
    at: number;
    value: Promise<{ accounts: string[]; discoveryError: AwsFailure | null }>;
  } | null = null;
  private readonly now: () => number;
  private readonly memory: LocationMemory;

  constructor(private readonly options: AccountDirectoryOptions) {
    this.now = options.now ?? Date.now;
    this.memory = options.memory ?? inProcessMemory();
    this.sessions = new RoleSessions({
      settings: options.settings,
      region: options.stsRegion,
      timeouts: TIMEOUTS.diagnosis,
      externalId: options.accounts.externalId,
      describeRole: () => 'APIGW_DIAGNOSE_ROLE',
      now: this.now,
    });
  }

  /** The region STS (AssumeRole, GetCallerIdentity) is called in. */
  get stsRegion(): string {
    return this.options.stsRegion;
  }

  /** True when a read role is configured: only then does the tool look beyond its own account. */
  get multiAccount(): boolean {
    return this.options.accounts.readRole !== null;
  }

  /** The scope of one diagnosis in one region: fresh clients and one call counter across its accounts. */
  scope(region: string, options: { probeFunction?: string } = {}): AccountScope {
    const counter = new CallCounter();
    const portsByAccount = new Map<string, AwsPorts>();
    const probeFunction = options.probeFunction ?? this.options.probeFunction;
    const probe = probeFunction ? { probeFunction } : {};
    const homePorts = createAwsPorts(region, this.options.settings, { counter, ...probe });
    const readRole = this.options.accounts.readRole;
    const homeAccount = () => this.homeAccount(homePorts);
    const portsFor = (accountId: string): AwsPorts => {
      if (accountId === this.homeId) return homePorts;
      let ports = portsByAccount.get(accountId);
      if (!ports) {
        ports = this.accountPorts(region, accountId, counter, homePorts, probe);
        portsByAccount.set(accountId, ports);
      }
      return ports;
    };
    return {
      multiAccount: this.multiAccount,
      home: homePorts,
      homeAccount,
      accounts: () => this.accounts(homeAccount),
      portsFor,
      readRoleFor: (accountId) => (readRole === null ? null : roleArnFor(readRole, accountId)),
      // The memory is a cache: a state store that fails is a miss (search again), never a failed diagnosis.
      recall: (key) => this.memory.read(key).catch(() => null),
      remember: (key, value) => this.memory.write(key, value).catch(() => undefined),
      callCounts: () => counter.snapshot(),
    };
  }

  /**
   * The ports of one account. Its credentials are decided at the first call, once the home account is known:
   * the starting credentials for the home account (the tool never assumes a role into its own account), its
   * role otherwise.
   */
  private accountPorts(
    region: string,
    accountId: string,
    counter: CallCounter,
    homePorts: AwsPorts,
    probe: { probeFunction?: string },
  ): AwsPorts {
    const readRole = this.options.accounts.readRole;
    if (readRole === null) return homePorts;
    const roleArn = roleArnFor(readRole, accountId);
    const credentials = async () => {
      const home = await this.homeAccount(homePorts);
      if (home.ok && home.value === accountId) return this.sessions.startingCredentials();
      return this.sessions.credentials(roleArn, sessionNameFor());
    };
    return createAwsPorts(region, this.options.settings, {
      counter,
      credentials,
      paceKey: `${accountId}/${region}`,
      ...probe,
    });
  }

  /**
   * Credentials for the fixes: in the home account, the starting credentials (or REMEDIATION_ROLE_ARN for the
   * changes, as with one account); in any other account, its read role for the plan and pre-checks and its
   * remediation role (APIGW_DIAGNOSE_REMEDIATION_ROLE), in a session named after the person who clicked, for the
   * change. Every role session of a change carries the person as its source identity. No remediation role
   * configured: the change is refused before anything is sent.
   */
  remediationAccounts(region: string, homeRoleArn: string | null): RemediationAccounts {
    const homePorts = createAwsPorts(region, this.options.settings);
    const homeAccount = () => this.homeAccount(homePorts);
    const isHome = async (accountId: string) => {
      const home = await homeAccount();
      return home.ok && home.value === accountId;
    };
    // A button can be hours old: an account dropped from the configuration since is not acted in.
    const configured = async (accountId: string) => {
      const { accounts } = await this.accounts(homeAccount);
      if (accounts.includes(accountId)) return;
      throw new RemediationCallError(
        'access-denied',
        'AssumeRole',
        `Account ${accountId} is not one this bot reads (APIGW_DIAGNOSE_ACCOUNTS): nothing was changed.`,
        null,
      );
    };
    const { readRole, remediationRole } = this.options.accounts;
    const asRemediation = async <T>(get: () => Promise<T>): Promise<T> => {
      try {
        return await get();
      } catch (error) {
        if (!(error instanceof AwsCallError)) throw error;
        throw new RemediationCallError(
          error.kind,
          'AssumeRole',
          `${error.message} Nothing was changed.`,
          null,
          {
            cause: error,
          },
        );
      }
    };
    return {
      readCredentials: (accountId) => async () => {
        if ((await isHome(accountId)) || readRole === null) return this.sessions.startingCredentials();
        await configured(accountId);
        return asRemediation(() =>
          this.sessions.credentials(roleArnFor(readRole, accountId), sessionNameFor()),
        );
      },
      writeSession: async (accountId, actor) =>
        (await isHome(accountId)) && homeRoleArn === null ? null : sessionNameFor(actor.userId),
      writeCredentials: (accountId, actor) => async () => {
        const who = sessionNameFor(actor.userId);
        const sourceIdentity = sourceIdentityFor(actor.userId);
        if (await isHome(accountId)) {
          if (homeRoleArn === null) return this.sessions.startingCredentials();
          return asRemediation(() => this.sessions.credentials(homeRoleArn, who, sourceIdentity));
        }
        await configured(accountId);
        if (remediationRole === null) {
          throw new RemediationCallError(
            'access-denied',
            'AssumeRole',
            `No remediation role is configured for account ${accountId}: set APIGW_DIAGNOSE_REMEDIATION_ROLE (the ` +
              'role fixes assume in each account, iam/member-account-roles.yaml). Nothing was changed.',
            null,
          );
        }
        return asRemediation(() =>
          this.sessions.credentials(roleArnFor(remediationRole, accountId), who, sourceIdentity),
        );
      },
    };
  }

  private homeAccount(homePorts: AwsPorts): Promise<Fetched<string>> {
    if (!this.home) {
      const read = fetched(async () => (await homePorts.identity.callerIdentity()).accountId);
      this.home = read;
      // A failure is not kept: the next diagnosis asks again.
      void read.then((result) => {
        if (result.ok) this.homeId = result.value;
        else if (this.home === read) this.home = null;
      });
    }
    return this.home;
  }

  private accounts(
    homeAccount: () => Promise<Fetched<string>>,
  ): Promise<{ accounts: string[]; discoveryError: AwsFailure | null }> {
    if (this.listed && this.now() - this.listed.at < ACCOUNT_LIST_TTL_MS) return this.listed.value;
    const { accountIds, discoverOrganization, skipAccountIds } = this.options.accounts;
    const skip = new Set(skipAccountIds);
    const value = Promise.all([
      homeAccount(),
      discoverOrganization ? fetched(() => this.organizationAccounts()) : null,
    ]).then(([home, discovered]) => {
      const all = [
        ...(home.ok ? [home.value] : []),
        ...accountIds,
        ...(discovered?.ok ? discovered.value : []),
      ];
      const accounts = [...new Set(all)].filter((id) => !skip.has(id));
      const discoveryError = discovered && !discovered.ok ? discovered.error : null;
      // A list missing what a failed read would add is asked for again by the next diagnosis, not kept for the TTL.
      if ((!home.ok || discoveryError !== null || accounts.length === 0) && this.listed === entry)
        this.listed = null;
      return { accounts, discoveryError };
    });
    const entry = { at: this.now(), value };
    this.listed = entry;
    return value;
  }

  /** The organisation's ACTIVE accounts (organizations:ListAccounts, from the management or a delegated account). */
  private async organizationAccounts(): Promise<string[]> {
    const { orgRoleArn } = this.options.accounts;
    // Its own budget, apart from STS's: the organisation's one global endpoint, not an account's STS in a region.
    const client = makeClient(OrganizationsClient, 'organizations', this.options.settings, {
      region: ORGANIZATIONS_REGION,
      paceKey: 'global',
      timeouts: TIMEOUTS.diagnosis,
      ...(orgRoleArn ? { credentials: this.sessions.provider(orgRoleArn, sessionNameFor()) } : {}),
    });
    const ids: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_ACCOUNT_PAGES; page += 1) {
      const out = await callAws('ListAccounts', 'organizations:ListAccounts', () =>
        client.send(new ListAccountsCommand({ ...(token ? { NextToken: token } : {}) })),
      );
      for (const account of out.Accounts ?? []) {
        // Suspended and closing accounts have nothing to read; `Status` is deprecated in favour of `State`.
        const state = (account as { State?: string }).State ?? account.Status;
        if (account.Id && (state === undefined || state === 'ACTIVE')) ids.push(account.Id);
      }
      token = out.NextToken;
      if (!token) return ids;
    }
    throw new AwsCallError(
      'other',
      'organizations:ListAccounts',
      `the organisation lists more than ${MAX_ACCOUNT_PAGES * 20} accounts: name them in APIGW_DIAGNOSE_ACCOUNTS`,
      'ListAccounts',
    );
  }
}

/** The process's account directory for a region: null without a read role (one account). */
export type DirectoryFor = (region: string) => AccountDirectory | null;

/**
 * The one way a process builds its account directory (the bot, the CLI, the MCP server): made on first use and
 * then shared by every diagnosis and fix. STS is called in the default region, else in the region of the first
 * diagnosis or fix: a Regional STS endpoint, as AWS recommends and requires outside the commercial partition
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-sts-regionalized-endpoints.html).
 */
export function processAccountDirectory(options: {
  settings: AwsClientSettings;
  accounts: AccountsSettings | undefined;
  defaultRegion: string | null;
  memory?: LocationMemory;
}): DirectoryFor {
  let directory: AccountDirectory | null = null;
  return (region) => {
    const { accounts } = options;
    if (!accounts?.readRole) return null;
    directory ??= new AccountDirectory({
      settings: options.settings,
      accounts,
      stsRegion: options.defaultRegion ?? region,
      ...(options.memory ? { memory: options.memory } : {}),
    });
    return directory;
  };
}

/** How long a located API or endpoint is remembered in a state store: accounts rarely change owners, and a miss only searches again. */
export const LOCATION_MEMORY_MS = 24 * 60 * 60 * 1000;

/** Locations kept as notes in the state store (the bot's, or the MCP server's with STATE_TABLE), shared by every replica. */
export function locationMemoryIn(store: Pick<StateStore, 'readNote' | 'saveNote'>): LocationMemory {
  return {
    read: (key) => store.readNote(key),
    write: (key, value) => store.saveNote(key, value, LOCATION_MEMORY_MS),
  };
}

/** Locations remembered for the life of the process (the CLI, or the bot without a state table). */
export function inProcessMemory(): LocationMemory {
  const values = new Map<string, string>();
  return {
    read: async (key) => values.get(key) ?? null,
    write: async (key, value) => {
      values.set(key, value);
    },
  };
}
