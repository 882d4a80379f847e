// EC2 SDK shapes → engine facts, shared by the diagnosis reader and the remediation reader so both see an
// endpoint or a VPC attribute the same way.

import type { DescribeVpcAttributeCommandOutput, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { VpcEndpointInfo } from '../diagnosis/facts.js';
import { tagsOf } from './api-gateway-mappers.js';

export function toVpcEndpointInfo(endpoint: VpcEndpoint): VpcEndpointInfo {
  return {
    id: endpoint.VpcEndpointId ?? '',
    vpcId: endpoint.VpcId ?? '',
    serviceName: endpoint.ServiceName ?? '',
    type: endpoint.VpcEndpointType ?? '',
    state: endpoint.State ?? '',
    privateDnsEnabled: endpoint.PrivateDnsEnabled ?? false,
    ownerId: endpoint.OwnerId ?? null,
    subnetIds: endpoint.SubnetIds ?? [],
    securityGroupIds: (endpoint.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
    networkInterfaceIds: endpoint.NetworkInterfaceIds ?? [],
    // An empty document is the default full-access policy, the same as an absent one.
    policyDocument: endpoint.PolicyDocument || null,
    dnsNames: (endpoint.DnsEntries ?? []).flatMap((d) => (d.DnsName ? [d.DnsName] : [])),
    ...endpointTags(endpoint),
  };
}

/** DescribeVpcAttribute answers one attribute per call; an absent value is false. */
export function vpcAttributeValue(
  output: Pick<DescribeVpcAttributeCommandOutput, 'EnableDnsSupport' | 'EnableDnsHostnames'>,
  attribute: 'enableDnsSupport' | 'enableDnsHostnames',
): boolean {
  const value = attribute === 'enableDnsSupport' ? output.EnableDnsSupport : output.EnableDnsHostnames;
  return value?.Value === true;
}

/** EC2 answers tags as a Key/Value list; the facts keep them as a map, like API Gateway's. */
function endpointTags(endpoint: VpcEndpoint): { tags?: Record<string, string> } {
  const pairs = (endpoint.Tags ?? []).flatMap((tag) =>
    tag.Key ? [[tag.Key, tag.Value ?? ''] as const] : [],
  );
  return tagsOf(Object.fromEntries(pairs));
}
