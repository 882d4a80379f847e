// Finding each resource in the account that owns it. An API id or an endpoint id does not name its account:
// the tool asks the account the user named (--account), else the one an earlier diagnosis found it in, else
// every configured account at once (each read paced per account), and remembers the answer.

import type { AwsFailure, Fetched, RestApiInfo, UnreadableAccount, VpcEndpointInfo } from './facts.js';
import { fetched } from './fetched.js';
import type { AccountScope } from './ports.js';
import type { DiagnosisRequest } from './types.js';

/** Memory keys: an API or an endpoint or VPC id is unique within a region. */
export const memoryKey = {
  api: (region: string, apiId: string) => `locate|api|${region}|${apiId}`,
  endpoint: (region: string, vpceId: string) => `locate|vpce|${region}|${vpceId}`,
  vpc: (region: string, vpcId: string) => `locate|vpc|${region}|${vpcId}`,
  consumers: (region: string, apiId: string) => `locate|consumers|${region}|${apiId}`,
};

export function unreadableOf(scope: AccountScope, accountId: string, error: AwsFailure): UnreadableAccount {
  return { accountId, roleArn: scope.readRoleFor(accountId), error };
}

export interface ProducerLocation {
  /** The API's account; null when no readable account has it. */
  accountId: string | null;
  /** GetRestApi's answer when locating read it; null when the API is read as usual (an --account hint). */
  restApi: Fetched<RestApiInfo> | null;
  foundBy: 'hint' | 'memory' | 'search' | null;
  searched: string[];
  unreadable: UnreadableAccount[];
}

export async function locateProducer(
  request: DiagnosisRequest,
  region: string,
  scope: AccountScope,
  accounts: string[],
): Promise<ProducerLocation> {
  const { apiId } = request;
  if (request.accountId) {
    // Only configured accounts: --account says where to look, never a new account to assume a role in.
    if (!accounts.includes(request.accountId)) {
      const restApi: Fetched<RestApiInfo> = {
        ok: false,
        ms: 0,
        error: {
          kind: 'other',
          action: 'sts:AssumeRole',
          operation: 'locate',
          message:
            `account ${request.accountId} (--account) is not one this tool reads: add it to ` +
            `APIGW_DIAGNOSE_ACCOUNTS (configured: ${accounts.join(', ') || 'none'})`,
        },
      };
      return { accountId: null, restApi, foundBy: null, searched: [], unreadable: [] };
    }
    return {
      accountId: request.accountId,
      restApi: null,
      foundBy: 'hint',
      searched: [request.accountId],
      unreadable: [],
    };
  }
  const getRestApi = (accountId: string) =>
    fetched(() => scope.portsFor(accountId).apiGateway.getRestApi(apiId));

  // A remembered account is used only while it is still configured (it may have been skipped or removed since).
  const recalled = await scope.recall(memoryKey.api(region, apiId));
  const remembered = recalled !== null && accounts.includes(recalled) ? recalled : null;
  if (remembered) {
    const read = await getRestApi(remembered);
    // Only "not there any more" sends the search on; any other failure is that account's to report.
    if (read.ok || read.error.kind !== 'not-found') {
      return {
        accountId: remembered,
        restApi: read,
        foundBy: 'memory',
        searched: [remembered],
        unreadable: [],
      };
    }
  }

  const candidates = accounts.filter((a) => a !== remembered);
  if (candidates.length === 0) {
    const searched = remembered ? [remembered] : [];
    const home = await scope.homeAccount();
    const restApi: Fetched<RestApiInfo> =
      home.ok || remembered
        ? notFoundAnywhere(apiId, region, searched, [], 0)
        : { ok: false, error: home.error, ms: home.ms };
    return { accountId: null, restApi, foundBy: null, searched, unreadable: [] };
  }
  const reads = await Promise.all(
    candidates.map(async (accountId) => ({ accountId, read: await getRestApi(accountId) })),
  );
  const unreadable = reads.flatMap(({ accountId, read }) =>
    !read.ok && read.error.kind !== 'not-found' ? [unreadableOf(scope, accountId, read.error)] : [],
  );
  const searched = remembered ? [remembered, ...candidates] : candidates;
  const found = reads.find(({ read }) => read.ok);
  if (found) {
    await scope.remember(memoryKey.api(region, apiId), found.accountId);
    return { accountId: found.accountId, restApi: found.read, foundBy: 'search', searched, unreadable };
  }
  const ms = Math.max(0, ...reads.map(({ read }) => read.ms));
  return {
    accountId: null,
    restApi: notFoundAnywhere(apiId, region, searched, unreadable, ms),
    foundBy: null,
    searched,
    unreadable,
  };
}

/**
 * No readable account has the API. When some account could not be read, that is the answer (the API may well be
 * there): the api check then reports that it could not run, naming the account, rather than API_NOT_FOUND.
 */
function notFoundAnywhere(
  apiId: string,
  region: string,
  searched: string[],
  unreadable: UnreadableAccount[],
  ms: number,
): Fetched<RestApiInfo> {
  const readable = searched.filter((a) => !unreadable.some((u) => u.accountId === a));
  const first = unreadable[0];
  if (first) {
    const others = unreadable.slice(1).map((u) => u.accountId);
    return {
      ok: false,
      ms,
      error: {
        ...first.error,
        message:
          `REST API ${apiId} is not in ${region} in the ${readable.length} account(s) read ` +
          `(${readable.join(', ') || 'none'}), and account ${first.accountId}` +
          `${others.length > 0 ? ` (and ${others.join(', ')})` : ''} could not be read: ${first.error.message}`,
      },
    };
  }
  return {
    ok: false,
    ms,
    error: {
      kind: 'not-found',
      action: 'apigateway:GET',
      operation: 'GetRestApi',
      message: `Invalid API identifier specified: no REST API ${apiId} in ${region} in any of the ${searched.length} account(s) searched (${searched.join(', ')})`,
    },
  };
}

/** The endpoints and VPCs a diagnosis should examine: named by the request, the API or its policy. */
export interface CallerSearch {
  vpceIds: string[];
  vpcIds: string[];
}

export interface CallerLocation {
  reads: { accountId: string; read: Fetched<VpcEndpointInfo[]> }[];
  /** VPCs found through DescribeVpcs (VPCs with no endpoint at all), with their account. */
  vpcOwners: Map<string, string>;
}

/**
 * Looks in the other accounts for the endpoints and VPCs that no account read so far showed: in the accounts
 * remembered for them when every one is remembered, else in every candidate account at once.
 */
export async function locateCallers(input: {
  region: string;
  scope: AccountScope;
  named: CallerSearch;
  known: VpcEndpointInfo[];
  vpcOwners: ReadonlyMap<string, string>;
  candidates: string[];
  /** Accounts whose endpoints were read already: a VPC with no endpoint may still be one of theirs. */
  alreadyRead?: string[];
  readEndpoints: (accountId: string) => Promise<{ accountId: string; read: Fetched<VpcEndpointInfo[]> }>;
}): Promise<CallerLocation> {
  const { region, scope, named, known } = input;
  const vpceIds = named.vpceIds.filter((id) => !known.some((e) => e.id === id));
  const vpcIds = named.vpcIds.filter((id) => !input.vpcOwners.has(id) && !known.some((e) => e.vpcId === id));
  const alreadyRead = input.alreadyRead ?? [];
  if (vpceIds.length === 0 && vpcIds.length === 0) return { reads: [], vpcOwners: new Map() };
  const recalled = await Promise.all([
    ...vpceIds.map((id) => scope.recall(memoryKey.endpoint(region, id))),
    ...vpcIds.map((id) => scope.recall(memoryKey.vpc(region, id))),
  ]);
  const rememberedAccounts = recalled.filter((a): a is string => a !== null && input.candidates.includes(a));
  const accounts =
    rememberedAccounts.length === recalled.length ? [...new Set(rememberedAccounts)] : input.candidates;

  const [reads, vpcOwners] = await Promise.all([
    Promise.all(accounts.map(input.readEndpoints)),
    findVpcs(scope, [...alreadyRead, ...accounts], vpcIds),
  ]);
  const writes: Promise<void>[] = [];
  for (const { accountId, read } of reads) {
    if (!read.ok) continue;
    for (const e of read.value) {
      if (vpceIds.includes(e.id)) writes.push(scope.remember(memoryKey.endpoint(region, e.id), accountId));
      if (vpcIds.includes(e.vpcId) && !vpcOwners.has(e.vpcId)) vpcOwners.set(e.vpcId, accountId);
    }
  }
  for (const [vpcId, accountId] of vpcOwners)
    writes.push(scope.remember(memoryKey.vpc(region, vpcId), accountId));
  await Promise.all(writes);
  return { reads, vpcOwners };
}

/** A VPC with no endpoint at all shows in no endpoint list: ask EC2 for the VPC itself, in each account. */
async function findVpcs(
  scope: AccountScope,
  accounts: string[],
  vpcIds: string[],
): Promise<Map<string, string>> {
  const hits = await Promise.all(
    accounts.flatMap((accountId) =>
      vpcIds.map(async (vpcId) => {
        const read = await fetched(() => scope.portsFor(accountId).ec2.describeVpcs([vpcId]));
        return read.ok && read.value.some((v) => v.id === vpcId) ? { vpcId, accountId } : null;
      }),
    ),
  );
  const owners = new Map<string, string>();
  for (const hit of hits) if (hit && !owners.has(hit.vpcId)) owners.set(hit.vpcId, hit.accountId);
  return owners;
}
