// Facts with nothing but the probe filled in, for the probe check's tests (unit and through moto).

import type { Facts, ProbeFact } from '../../src/diagnosis/facts.js';
import type { UrlForm } from '../../src/diagnosis/types.js';
import type { ProbeOutput } from '../../src/probe/schema.js';
import { API, ENI_ADDRESSES, VPC } from './probe-output-fixtures.js';

const NOT_FETCHED = {
  ok: false,
  ms: 0,
  error: { kind: 'other', action: 'none', operation: 'none', message: 'not read in this test' },
} as const;

export interface ProbeFactsOptions {
  urlForm?: UrlForm;
  url?: string | null;
  vpcCidrs?: string[];
}

export function probeFacts(probe: ProbeFact, options: ProbeFactsOptions = {}): Facts {
  const urlForm = options.urlForm ?? 'private-dns';
  return {
    request: {
      apiId: API,
      region: 'us-east-1',
      stage: 'prod',
      urlForm,
      url: options.url ?? null,
      vpcId: VPC,
      vpceId: null,
      callerSecurityGroupIds: [],
      sinceMs: 900_000,
      probe: true,
    },
    region: 'us-east-1',
    accountId: null,
    urlForm,
    restApi: NOT_FETCHED,
    stages: null,
    stage: null,
    account: null,
    endpoints: null,
    callerVpcs: [],
    unknownEndpointRefs: [],
    vpcs: options.vpcCidrs
      ? { ok: true, ms: 1, value: [{ id: VPC, cidrBlocks: options.vpcCidrs, ipv6CidrBlocks: [] }] }
      : null,
    subnets: null,
    securityGroups: null,
    networkAcls: null,
    publicApis: null,
    logs: null,
    probe,
  };
}

export function ranProbe(
  result: ProbeOutput,
  endpointAddresses: string[] = ENI_ADDRESSES,
  functionName = `apigw-diagnose-probe-${VPC}`,
): ProbeFact {
  return { state: 'ran', vpcId: VPC, functionName, ms: 300, result, endpointAddresses };
}
