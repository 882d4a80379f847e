// Facts with nothing but the probe filled in, for the probe check's tests (unit and through moto).

import type { Facts, ProbeFact, RestApiInfo } from '../../src/diagnosis/facts.js';
import type { UrlForm } from '../../src/diagnosis/types.js';
import type { ProbeOutput } from '../../src/probe/schema.js';
import { buildFacts, fetchedFailed, fetchedOk } from '../diagnosis/checks/facts-builder.js';
import { API, ENI_ADDRESSES, VPC } from './probe-output-fixtures.js';

const NOT_FETCHED = fetchedFailed<RestApiInfo>(
  'other',
  { action: 'none', operation: 'none', message: 'not read in this test' },
  0,
);

export interface ProbeFactsOptions {
  urlForm?: UrlForm;
  url?: string | null;
  vpcCidrs?: string[];
}

export function probeFacts(probe: ProbeFact, options: ProbeFactsOptions = {}): Facts {
  return buildFacts({
    request: { apiId: API, url: options.url ?? null, vpcId: VPC, probe: true },
    urlForm: options.urlForm ?? 'private-dns',
    restApi: NOT_FETCHED,
    vpcs: options.vpcCidrs
      ? fetchedOk([{ id: VPC, cidrBlocks: options.vpcCidrs, ipv6CidrBlocks: [], dhcpOptionsId: null }])
      : null,
    probe,
  });
}

export function ranProbe(
  result: ProbeOutput,
  endpointAddresses: string[] = ENI_ADDRESSES,
  functionName = `apigw-diagnose-probe-${VPC}`,
): ProbeFact {
  return { state: 'ran', vpcId: VPC, functionName, ms: 300, result, endpointAddresses };
}
