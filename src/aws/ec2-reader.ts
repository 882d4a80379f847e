import {
  DescribeDhcpOptionsCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type DhcpOptions,
  type EC2Client,
  type IpPermission,
  type NetworkAclEntry as SdkNetworkAclEntry,
} from '@aws-sdk/client-ec2';
import {
  AwsCallError,
  type DhcpOptionsInfo,
  type NetworkAclEntry,
  type NetworkAclInfo,
  type NetworkInterfaceInfo,
  type SecurityGroupInfo,
  type SecurityGroupRule,
  type VpcEndpointInfo,
  type VpcInfo,
} from '../diagnosis/facts.js';
import type { Ec2Reader } from '../diagnosis/ports.js';
import { toVpcEndpointInfo, vpcAttributeValue } from './ec2-mappers.js';
import { callAws } from './errors.js';

const VPC_ENDPOINTS_PAGE_SIZE = 1000;
const DHCP_OPTIONS_PAGE_SIZE = 1000;

export class SdkEc2Reader implements Ec2Reader {
  constructor(private readonly client: EC2Client) {}

  async describeVpcEndpoints(): Promise<VpcEndpointInfo[]> {
    // No `vpc-endpoint-id` filter: moto answers it with a 500, and the engine wants every endpoint anyway.
    const endpoints: VpcEndpointInfo[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call('DescribeVpcEndpoints', () =>
        this.client.send(
          new DescribeVpcEndpointsCommand({ MaxResults: VPC_ENDPOINTS_PAGE_SIZE, NextToken: nextToken }),
        ),
      );
      endpoints.push(...(page.VpcEndpoints ?? []).map(toVpcEndpointInfo));
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    return endpoints;
  }

  /** One endpoint by id (no filter: moto answers the vpc-endpoint-id filter with a 500); null when missing. */
  async describeVpcEndpoint(vpceId: string): Promise<VpcEndpointInfo | null> {
    try {
      const out = await this.call('DescribeVpcEndpoints', () =>
        this.client.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [vpceId] })),
      );
      const endpoint = out.VpcEndpoints?.find((candidate) => candidate.VpcEndpointId === vpceId);
      return endpoint ? toVpcEndpointInfo(endpoint) : null;
    } catch (error) {
      if (error instanceof AwsCallError && error.kind === 'not-found') return null;
      throw error;
    }
  }

  /** Every VPC endpoint of one VPC (paginated inside). */
  async describeVpcEndpointsOfVpc(vpcId: string): Promise<VpcEndpointInfo[]> {
    const endpoints: VpcEndpointInfo[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call('DescribeVpcEndpoints', () =>
        this.client.send(
          new DescribeVpcEndpointsCommand({
            Filters: [{ Name: 'vpc-id', Values: [vpcId] }],
            NextToken: nextToken,
          }),
        ),
      );
      // Filtered again here: a fake or a future filter change must not let another VPC's endpoint conflict.
      endpoints.push(...(page.VpcEndpoints ?? []).filter((e) => e.VpcId === vpcId).map(toVpcEndpointInfo));
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    return endpoints;
  }

  async describeVpcAttribute(
    vpcId: string,
    attribute: 'enableDnsSupport' | 'enableDnsHostnames',
  ): Promise<boolean> {
    const out = await this.call('DescribeVpcAttribute', () =>
      this.client.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: attribute })),
    );
    return vpcAttributeValue(out, attribute);
  }

  async describeVpcs(vpcIds: string[]): Promise<VpcInfo[]> {
    const ids = unique(vpcIds);
    if (ids.length === 0) return [];
    // A filter, not VpcIds: a candidate VPC of another account (named in a policy) must not fail the whole call.
    const out = await this.call('DescribeVpcs', () =>
      this.client.send(new DescribeVpcsCommand({ Filters: [{ Name: 'vpc-id', Values: ids }] })),
    );
    return (out.Vpcs ?? []).map((vpc) => ({
      id: vpc.VpcId ?? '',
      // Secondary CIDRs are in the association set; a disassociated block no longer routes to the VPC.
      cidrBlocks: unique([
        ...(vpc.CidrBlock ? [vpc.CidrBlock] : []),
        ...(vpc.CidrBlockAssociationSet ?? [])
          .filter((a) => isAssociated(a.CidrBlockState?.State))
          .flatMap((a) => (a.CidrBlock ? [a.CidrBlock] : [])),
      ]),
      ipv6CidrBlocks: unique(
        (vpc.Ipv6CidrBlockAssociationSet ?? [])
          .filter((a) => isAssociated(a.Ipv6CidrBlockState?.State))
          .flatMap((a) => (a.Ipv6CidrBlock ? [a.Ipv6CidrBlock] : [])),
      ),
      // `default` is EC2's word for "no DHCP option set associated", not the id of a set.
      dhcpOptionsId: vpc.DhcpOptionsId && vpc.DhcpOptionsId !== 'default' ? vpc.DhcpOptionsId : null,
    }));
  }

  async describeDhcpOptions(): Promise<DhcpOptionsInfo[]> {
    // No filter: the call then needs nothing but the region and starts beside DescribeVpcEndpoints; a region
    // holds few option sets.
    const sets: DhcpOptionsInfo[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call('DescribeDhcpOptions', () =>
        this.client.send(
          new DescribeDhcpOptionsCommand({ MaxResults: DHCP_OPTIONS_PAGE_SIZE, NextToken: nextToken }),
        ),
      );
      sets.push(...(page.DhcpOptions ?? []).map(toDhcpOptionsInfo));
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    return sets;
  }

  async describeSecurityGroups(groupIds: string[]): Promise<SecurityGroupInfo[]> {
    const ids = unique(groupIds);
    if (ids.length === 0) return [];
    const out = await this.call('DescribeSecurityGroups', () =>
      this.client.send(new DescribeSecurityGroupsCommand({ GroupIds: ids })),
    );
    return (out.SecurityGroups ?? []).map((group) => ({
      id: group.GroupId ?? '',
      name: group.GroupName ?? '',
      vpcId: group.VpcId ?? '',
      ingress: (group.IpPermissions ?? []).map(toSecurityGroupRule),
      egress: (group.IpPermissionsEgress ?? []).map(toSecurityGroupRule),
    }));
  }

  async describeNetworkAcls(subnetIds: string[]): Promise<NetworkAclInfo[]> {
    const ids = unique(subnetIds);
    if (ids.length === 0) return [];
    const out = await this.call('DescribeNetworkAcls', () =>
      this.client.send(
        new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: ids }] }),
      ),
    );
    return (out.NetworkAcls ?? []).map((acl) => ({
      id: acl.NetworkAclId ?? '',
      vpcId: acl.VpcId ?? '',
      isDefault: acl.IsDefault ?? false,
      subnetIds: (acl.Associations ?? []).flatMap((a) => (a.SubnetId ? [a.SubnetId] : [])),
      entries: (acl.Entries ?? []).map(toNetworkAclEntry),
    }));
  }

  async describeNetworkInterfaces(ids: string[]): Promise<NetworkInterfaceInfo[]> {
    const interfaceIds = unique(ids);
    if (interfaceIds.length === 0) return [];
    const out = await this.call('DescribeNetworkInterfaces', () =>
      this.client.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: interfaceIds })),
    );
    return (out.NetworkInterfaces ?? []).map((eni) => ({
      id: eni.NetworkInterfaceId ?? '',
      subnetId: eni.SubnetId ?? '',
      privateIpAddresses: unique([
        ...(eni.PrivateIpAddresses ?? []).flatMap((a) => (a.PrivateIpAddress ? [a.PrivateIpAddress] : [])),
        ...(eni.PrivateIpAddress ? [eni.PrivateIpAddress] : []),
      ]),
      ipv6Addresses: (eni.Ipv6Addresses ?? []).flatMap((a) => (a.Ipv6Address ? [a.Ipv6Address] : [])),
    }));
  }

  /** Each EC2 operation is authorised by the IAM action of the same name. */
  private call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    return callAws(operation, `ec2:${operation}`, send);
  }
}

function toDhcpOptionsInfo(options: DhcpOptions): DhcpOptionsInfo {
  const servers = (options.DhcpConfigurations ?? []).filter((c) => c.Key === 'domain-name-servers');
  return {
    id: options.DhcpOptionsId ?? '',
    domainNameServers: servers.flatMap((c) => (c.Values ?? []).flatMap((v) => (v.Value ? [v.Value] : []))),
  };
}

function toSecurityGroupRule(permission: IpPermission): SecurityGroupRule {
  const protocol = permission.IpProtocol ?? '-1';
  // EC2 reports ports for protocol -1 as absent (or -1 from some emulators): "all ports" is the absence.
  const allProtocols = protocol === '-1';
  return {
    protocol,
    ...(allProtocols || permission.FromPort === undefined ? {} : { fromPort: permission.FromPort }),
    ...(allProtocols || permission.ToPort === undefined ? {} : { toPort: permission.ToPort }),
    cidrs: (permission.IpRanges ?? []).flatMap((r) => (r.CidrIp ? [r.CidrIp] : [])),
    ipv6Cidrs: (permission.Ipv6Ranges ?? []).flatMap((r) => (r.CidrIpv6 ? [r.CidrIpv6] : [])),
    groupIds: (permission.UserIdGroupPairs ?? []).flatMap((p) => (p.GroupId ? [p.GroupId] : [])),
    prefixListIds: (permission.PrefixListIds ?? []).flatMap((p) => (p.PrefixListId ? [p.PrefixListId] : [])),
  };
}

function toNetworkAclEntry(entry: SdkNetworkAclEntry): NetworkAclEntry {
  const from = entry.PortRange?.From;
  const to = entry.PortRange?.To;
  return {
    ruleNumber: entry.RuleNumber ?? 0,
    egress: entry.Egress ?? false,
    protocol: entry.Protocol ?? '-1',
    action: entry.RuleAction === 'allow' ? 'allow' : 'deny',
    cidrBlock: entry.CidrBlock ?? null,
    ipv6CidrBlock: entry.Ipv6CidrBlock ?? null,
    portRange: from !== undefined && to !== undefined ? { from, to } : null,
  };
}

function isAssociated(state: string | undefined): boolean {
  // Some emulators omit the state; treat an absent state as associated rather than dropping the block.
  return state === undefined || state === 'associated';
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
