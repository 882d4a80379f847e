// Enable private DNS (spec §5): ModifyVpcEndpoint PrivateDnsEnabled=true, once the endpoint is an available
// execute-api endpoint, its VPC has both DNS attributes on, and no other execute-api endpoint in that VPC has
// private DNS on (AWS would refuse the conflicting domain). Its plan names the public APIs the VPC stops reaching.

import type { VpcEndpointInfo } from '../../diagnosis/facts.js';
import { executeApiDomain, privateDnsHostname } from '../../diagnosis/model/endpoints.js';
import { privateDnsCommand } from '../commands.js';
import { type Attempted, attempt, defineFix, type Gate, refuse } from '../fix.js';
import { driftAccepted, driftRisks } from '../iac.js';
import type { RemediationReader, RestApiListing, V2ApiSummary } from '../ports.js';
import type { PublicApi, PublicApiKind, Risk } from '../risks.js';
import type { ApplyResult, FixTarget, PlanBody } from '../types.js';

/** Endpoint states in which an endpoint still owns its private-DNS names (and so conflicts). */
const GONE_ENDPOINT_STATES = new Set(['deleted', 'deleting', 'rejected', 'failed', 'expired']);

export const enablePrivateDns = defineFix({
  id: 'enable-private-dns',
  label: 'Enable private DNS',
  requires: ['vpceId'],
  changes: 'endpoint',
  iamActions: ['ec2:ModifyVpcEndpoint'],
  dangerous: false,
  detectsAlreadyDone: true,
  genericConfirm:
    'Turns private DNS on for the VPC endpoint. Public and edge APIs in this region will answer 403 to calls from this VPC.',

  async plan(reader, target): Promise<PlanBody> {
    const risks: Risk[] = [];
    // The endpoint is read once: the pre-checks and the drift warning (its tags) both use it.
    let endpoint: VpcEndpointInfo | null = null;
    const [gate, restApis, v2Apis] = await Promise.all([
      attempt(async () => {
        const found = await readEndpoint(reader, target);
        if (found.go) endpoint = found.value;
        return found.go ? prechecksOn(reader, target, found.value) : found;
      }),
      attempt(() => reader.getRestApis()),
      attempt(() => reader.getV2Apis()),
    ]);
    let vpcText = 'its VPC';
    if (!gate.ok) {
      risks.push({ kind: 'could-not-read', what: 'run the pre-checks', message: gate.message });
    } else if (gate.value.go) {
      vpcText = gate.value.value.vpcId;
    } else {
      const result = gate.value.result;
      if (result.outcome === 'already-done')
        risks.push({ kind: 'nothing-will-change', reason: result.summary });
      if (result.outcome === 'precheck-failed')
        risks.push({ kind: 'will-be-refused', reason: result.reason });
    }
    const read = endpoint as VpcEndpointInfo | null;
    if (read) risks.push(...driftRisks('enable-private-dns', read.tags, `VPC endpoint ${read.id}`));
    risks.push(...shadowedApiRisks(target.region, restApis, v2Apis));
    const vpce = target.vpceId ?? '(no endpoint given)';
    return {
      change:
        `Turn on private DNS for VPC endpoint ${vpce}, so that ${privateDnsHostname(target.apiId, target.region)} ` +
        `resolves to the endpoint inside ${vpcText}.`,
      risks,
    };
  },

  async apply(reader, writer, target): Promise<ApplyResult> {
    const gate = await prechecks(reader, target);
    if (!gate.go) return gate.result;
    const endpoint = gate.value;
    const receipt = await writer().enablePrivateDns(endpoint.id);
    return {
      outcome: 'applied',
      requestId: receipt.requestId,
      summary:
        `Private DNS is now on for ${endpoint.id} in ${endpoint.vpcId}: from that VPC, ` +
        `${privateDnsHostname(target.apiId, target.region)} resolves to the endpoint ` +
        '(DNS can take a few minutes to follow).',
      undo: privateDnsCommand(target.region, endpoint.id, false),
      ...driftAccepted('enable-private-dns', endpoint.tags, `VPC endpoint ${endpoint.id}`),
    };
  },
});

/**
 * The public APIs this VPC stops reaching (A5): private DNS makes every `{id}.execute-api.{region}` default
 * hostname resolve to the endpoint, which answers 403 for REGIONAL/EDGE REST APIs and for HTTP/WebSocket APIs.
 * An API whose default endpoint is disabled has no such hostname, so it is not affected. A list that could not
 * be read is named, never left out: a silent gap would read as "nothing breaks".
 */
function shadowedApiRisks(
  region: string,
  restApis: Attempted<RestApiListing[]>,
  v2Apis: Attempted<V2ApiSummary[]>,
): Risk[] {
  const shadowed = `*.${executeApiDomain(region)}`;
  const risks: Risk[] = [];
  const exposed: PublicApi[] = [];
  const checked: PublicApiKind[] = [];
  if (restApis.ok) {
    checked.push('REST');
    exposed.push(
      ...restApis.value
        .filter((api) => api.endpointTypes.some((type) => type === 'REGIONAL' || type === 'EDGE'))
        .filter((api) => !api.disableExecuteApiEndpoint)
        .map((api): PublicApi => ({ name: api.name, id: api.id, kind: 'REST' })),
    );
  } else {
    risks.push({
      kind: 'could-not-read',
      what: `list the REST APIs in ${region}`,
      message: restApis.message,
      consequence:
        'any public (REGIONAL/EDGE) REST API called from this VPC would answer 403 once ' +
        `${shadowed} points at the endpoint.`,
    });
  }
  if (v2Apis.ok) {
    checked.push('HTTP', 'WEBSOCKET');
    exposed.push(
      ...v2Apis.value
        .filter((api) => !api.disableExecuteApiEndpoint)
        .map((api): PublicApi => ({ name: api.name, id: api.id, kind: api.protocolType })),
    );
  } else {
    risks.push({
      kind: 'could-not-read',
      what: `list the HTTP/WebSocket APIs in ${region}`,
      message: v2Apis.message,
      consequence:
        'any of them called from this VPC on its default hostname would answer 403 once ' +
        `${shadowed} points at the endpoint.`,
    });
  }
  if (checked.length > 0) risks.push({ kind: 'breaks-public-apis', region, apis: exposed, checked });
  risks.push({
    kind: 'note',
    text: `Public APIs of other accounts are shadowed the same way: every ${shadowed} name resolves to the endpoint from this VPC.`,
    short: "Other accounts' public APIs answer 403 from this VPC too.",
  });
  return risks;
}

/** Everything that must hold before ModifyVpcEndpoint; the endpoint when it does. */
async function prechecks(reader: RemediationReader, target: FixTarget): Promise<Gate<VpcEndpointInfo>> {
  const found = await readEndpoint(reader, target);
  return found.go ? prechecksOn(reader, target, found.value) : found;
}

/** The target's endpoint, or a refusal when none was given or it does not exist. */
async function readEndpoint(reader: RemediationReader, target: FixTarget): Promise<Gate<VpcEndpointInfo>> {
  if (!target.vpceId) return refuse('No VPC endpoint was given: re-run the diagnosis with --vpce vpce-….');
  const endpoint = await reader.getVpcEndpoint(target.vpceId);
  if (!endpoint) {
    return refuse(
      `VPC endpoint ${target.vpceId} does not exist in ${target.region} (deleted, or in another region).`,
    );
  }
  return { go: true, value: endpoint };
}

/** The pre-checks on an endpoint that exists. */
async function prechecksOn(
  reader: RemediationReader,
  target: FixTarget,
  endpoint: VpcEndpointInfo,
): Promise<Gate<VpcEndpointInfo>> {
  if (!endpoint.serviceName.endsWith('.execute-api')) {
    return refuse(
      `${endpoint.id} is an endpoint for ${endpoint.serviceName}, not for API Gateway (execute-api).`,
    );
  }
  if (endpoint.privateDnsEnabled) {
    return {
      go: false,
      result: { outcome: 'already-done', summary: `Private DNS is already on for ${endpoint.id}.` },
    };
  }
  if (endpoint.state.toLowerCase() !== 'available') {
    return refuse(
      `${endpoint.id} is ${endpoint.state}, not available: wait until it is available, then try again.`,
    );
  }
  const [dnsSupport, dnsHostnames] = await Promise.all([
    reader.describeVpcAttribute(endpoint.vpcId, 'enableDnsSupport'),
    reader.describeVpcAttribute(endpoint.vpcId, 'enableDnsHostnames'),
  ]);
  const off = [...(dnsSupport ? [] : ['enableDnsSupport']), ...(dnsHostnames ? [] : ['enableDnsHostnames'])];
  if (off.length > 0) {
    // One attribute per modify-vpc-attribute call: EC2 rejects both at once.
    const commands = off.map(
      (attribute) =>
        `\`aws ec2 modify-vpc-attribute --region ${target.region} --vpc-id ${endpoint.vpcId} ` +
        `--${kebab(attribute)} '{"Value":true}'\``,
    );
    return refuse(
      `${off.join(' and ')} ${off.length > 1 ? 'are' : 'is'} false on ${endpoint.vpcId}; private DNS needs both ` +
        `true. Fix: ${commands.join(' then ')}.`,
    );
  }
  const conflicting = (await reader.listVpcEndpoints(endpoint.vpcId)).filter(
    (other) =>
      other.id !== endpoint.id &&
      other.serviceName === endpoint.serviceName &&
      other.privateDnsEnabled &&
      !GONE_ENDPOINT_STATES.has(other.state.toLowerCase()),
  );
  const first = conflicting[0];
  if (first) {
    return refuse(
      `${endpoint.vpcId} already has execute-api endpoint ${first.id} with private DNS on. AWS would refuse with ` +
        `"there is already a conflicting DNS domain for *.${executeApiDomain(target.region)} in the VPC". ` +
        `Point clients at ${first.id} (it already serves the private-DNS names), or turn its private DNS off first.`,
    );
  }
  return { go: true, value: endpoint };
}

function kebab(attribute: string): string {
  return attribute.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
