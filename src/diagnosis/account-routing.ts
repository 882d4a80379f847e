// Which account each read goes to. The API, its stages, logs and history are read in the producer account (the
// one that owns the API); the caller's VPC, endpoint, security groups, network ACLs, DNS and probe in the
// account that owns that VPC. With one account (the default) every read goes to the one set of ports, exactly
// as before; with several, the API and the caller endpoints are located first (locate.ts).

import type { AccountsFacts, Fetched, RestApiInfo, UnreadableAccount, VpcEndpointInfo } from './facts.js';
import { fetched } from './fetched.js';
import { type CallerSearch, locateCallers, locateProducer, memoryKey, unreadableOf } from './locate.js';
import type { AccountScope, AwsPorts } from './ports.js';
import type { DiagnosisRequest } from './types.js';

export interface Routing {
  /** The ports of the API's account. */
  producer: AwsPorts;
  /** With several accounts: false when no readable account has the API (nothing is then read anywhere). */
  producerKnown: boolean;
  /** GetRestApi's answer when locating the API already read it (no second call); null: read it as usual. */
  restApi: Fetched<RestApiInfo> | null;
  /** DescribeVpcEndpoints of the accounts known at the start (the producer's, and remembered consumers'). */
  initialEndpoints: Promise<Fetched<VpcEndpointInfo[]>>;
  /**
   * Once the API is read: looks for the endpoints and VPCs it (or the request) names that no read account showed,
   * in the other accounts. Returns every endpoint read, each with its owner account.
   */
  completeEndpoints(
    named: CallerSearch,
    initial: Fetched<VpcEndpointInfo[]>,
  ): Promise<Fetched<VpcEndpointInfo[]>>;
  /** The ports of the account that owns this VPC (the producer's when the VPC was not located elsewhere). */
  portsOfVpc(vpcId: string): AwsPorts;
  /** The ports of one account; null: the producer's. */
  portsOfAccount(accountId: string | null): AwsPorts;
  /** The account that owns a resource read in this diagnosis (VPC, endpoint, group, subnet…), when known. */
  accountOf(resourceId: string): string | null;
  /** What the report says about accounts. */
  facts(callerVpcIds: string[]): AccountsFacts;
}

/** Every read through one set of ports: the tool's own account. */
export function singleAccountRouting(ports: AwsPorts): Routing {
  return {
    producer: ports,
    producerKnown: true,
    restApi: null,
    initialEndpoints: fetched(() => ports.ec2.describeVpcEndpoints()),
    completeEndpoints: async (_named, initial) => initial,
    portsOfVpc: () => ports,
    portsOfAccount: () => ports,
    accountOf: () => null,
    facts: () => SINGLE_ACCOUNT_FACTS,
  };
}

/** What a diagnosis that reads only the tool's own account says about accounts. */
export const SINGLE_ACCOUNT_FACTS: AccountsFacts = {
  multiAccount: false,
  producer: null,
  producerFoundBy: null,
  consumers: [],
  searched: [],
  unreadable: [],
  discoveryError: null,
  owners: {},
};

/** Locates the API, then routes every read to the account that owns what it reads. */
export async function multiAccountRouting(
  request: DiagnosisRequest,
  region: string,
  scope: AccountScope,
): Promise<Routing> {
  const { accounts, discoveryError } = await scope.accounts();
  const producer = await locateProducer(request, region, scope, accounts);
  const producerAccount = producer.accountId;
  const owners = new Map<string, string>();
  const vpcOwners = new Map<string, string>();
  const unreadable: UnreadableAccount[] = [...producer.unreadable];
  const searched = new Set(producer.searched);
  const endpointsRead = new Set<string>();

  // The accounts read at once: the producer's (its own VPCs may hold the callers), and the ones earlier
  // diagnoses found this API's callers in, or the request's endpoint or VPC.
  const remembered = (await rememberedCallerAccounts(request, region, scope)).filter((a) =>
    accounts.includes(a),
  );
  const initialAccounts = [...new Set([...(producerAccount ? [producerAccount] : []), ...remembered])];
  const readEndpoints = async (accountId: string) => {
    endpointsRead.add(accountId);
    searched.add(accountId);
    const read = await fetched(() => scope.portsFor(accountId).ec2.describeVpcEndpoints());
    if (!read.ok) return read;
    const endpoints = read.value.map((e) => ({ ...e, ownerId: e.ownerId ?? accountId }));
    for (const e of endpoints) {
      vpcOwners.set(e.vpcId, accountId);
      owners.set(e.id, accountId);
      for (const id of [...e.subnetIds, ...e.securityGroupIds, ...e.networkInterfaceIds])
        owners.set(id, accountId);
    }
    return { ...read, value: endpoints };
  };
  const merge = (
    reads: { accountId: string; read: Fetched<VpcEndpointInfo[]> }[],
    producerFirst: Fetched<VpcEndpointInfo[]> | null,
  ): Fetched<VpcEndpointInfo[]> => {
    for (const { accountId, read } of reads) {
      if (!read.ok && accountId !== producerAccount)
        unreadable.push(unreadableOf(scope, accountId, read.error));
    }
    // The producer's own read decides whether the endpoint check can run at all, as with one account.
    if (producerFirst && !producerFirst.ok) return producerFirst;
    const ok = reads.flatMap(({ read }) => (read.ok ? read.value : []));
    return { ok: true, value: ok, ms: Math.max(0, ...reads.map(({ read }) => read.ms)) };
  };

  // Unlocated API: nothing is read (the diagnosis stops at the API), so no endpoint list is asked for either.
  const initialEndpoints: Promise<Fetched<VpcEndpointInfo[]>> =
    producerAccount === null
      ? Promise.resolve({ ok: true, value: [], ms: 0 })
      : Promise.all(
          initialAccounts.map(async (accountId) => ({ accountId, read: await readEndpoints(accountId) })),
        ).then((reads) => merge(reads, reads.find((r) => r.accountId === producerAccount)?.read ?? null));

  const producerPorts = producerAccount ? scope.portsFor(producerAccount) : scope.home;

  return {
    producer: producerPorts,
    producerKnown: producerAccount !== null,
    restApi: producer.restApi,
    initialEndpoints,
    async completeEndpoints(named, initial) {
      const known = initial.ok ? initial.value : [];
      const search = await locateCallers({
        region,
        scope,
        named,
        known,
        vpcOwners,
        candidates: accounts.filter((a) => !endpointsRead.has(a)),
        alreadyRead: [...endpointsRead],
        readEndpoints: async (accountId) => ({ accountId, read: await readEndpoints(accountId) }),
      });
      for (const [vpcId, accountId] of search.vpcOwners) vpcOwners.set(vpcId, accountId);
      const extra = merge(search.reads, null);
      if (!initial.ok) return initial;
      const all = [...initial.value, ...(extra.ok ? extra.value : [])];
      return { ok: true, value: all, ms: initial.ms + (extra.ok ? extra.ms : 0) };
    },
    portsOfAccount: (accountId) => (accountId ? scope.portsFor(accountId) : producerPorts),
    portsOfVpc: (vpcId) => {
      const owner = vpcOwners.get(vpcId) ?? producerAccount;
      return owner ? scope.portsFor(owner) : scope.home;
    },
    accountOf: (id) => owners.get(id) ?? vpcOwners.get(id) ?? null,
    facts: (callerVpcIds) => {
      const consumers = [
        ...new Set(callerVpcIds.map((id) => vpcOwners.get(id)).filter((a): a is string => a !== undefined)),
      ];
      if (producerAccount && consumers.length > 0) {
        void scope.remember(memoryKey.consumers(region, request.apiId), consumers.join(','));
      }
      return {
        multiAccount: true,
        producer: producerAccount,
        producerFoundBy: producer.foundBy,
        consumers,
        searched: [...searched],
        unreadable: dedupe(unreadable),
        discoveryError,
        owners: Object.fromEntries([...owners, ...vpcOwners]),
      };
    },
  };
}

async function rememberedCallerAccounts(
  request: DiagnosisRequest,
  region: string,
  scope: AccountScope,
): Promise<string[]> {
  const reads = await Promise.all([
    scope.recall(memoryKey.consumers(region, request.apiId)),
    request.vpceId ? scope.recall(memoryKey.endpoint(region, request.vpceId)) : null,
    request.vpcId ? scope.recall(memoryKey.vpc(region, request.vpcId)) : null,
  ]);
  return reads.flatMap((value) => (value ? value.split(',').filter((a) => /^\d{12}$/.test(a)) : []));
}

function dedupe(list: UnreadableAccount[]): UnreadableAccount[] {
  const seen = new Set<string>();
  return list.filter((u) => !seen.has(u.accountId) && seen.add(u.accountId));
}
