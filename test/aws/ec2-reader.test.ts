import { EC2Client } from '@aws-sdk/client-ec2';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SdkEc2Reader } from '../../src/aws/ec2-reader.js';
import { AwsCallError } from '../../src/diagnosis/facts.js';

const EC2_URL = 'https://ec2.us-east-1.amazonaws.com';
const NS = 'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"';

function reader(): SdkEc2Reader {
  return new SdkEc2Reader(new EC2Client({ region: 'us-east-1', maxAttempts: 1 }));
}

/** Matches an EC2 query-protocol request by its form fields (nock hands form bodies over parsed). */
function form(expected: Record<string, string>) {
  return (body: Record<string, string>): boolean =>
    Object.entries(expected).every(([key, value]) => body[key] === value);
}

function xml(operation: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<${operation}Response ${NS}><requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>${inner}</${operation}Response>`;
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  nock.cleanAll();
});

describe('SdkEc2Reader.describeVpcEndpoints', () => {
  it('maps every endpoint field, keeping the policy document as the JSON string EC2 returned', async () => {
    // Prepare
    const policy =
      '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"*"}]}';
    const escapedPolicy = policy.replaceAll('"', '&quot;');
    const scope = nock(EC2_URL)
      .post('/', form({ Action: 'DescribeVpcEndpoints', MaxResults: '1000' }))
      .reply(
        200,
        xml(
          'DescribeVpcEndpoints',
          `<vpcEndpointSet><item>
            <vpcEndpointId>vpce-0a1b2c3d4e5f67890</vpcEndpointId>
            <vpcEndpointType>Interface</vpcEndpointType>
            <vpcId>vpc-1a2b3c4d</vpcId>
            <serviceName>com.amazonaws.us-east-1.execute-api</serviceName>
            <state>available</state>
            <policyDocument>${escapedPolicy}</policyDocument>
            <routeTableIdSet/>
            <subnetIdSet><item>subnet-aaa</item><item>subnet-bbb</item></subnetIdSet>
            <groupSet><item><groupId>sg-111</groupId><groupName>endpoint-sg</groupName></item></groupSet>
            <privateDnsEnabled>true</privateDnsEnabled>
            <requesterManaged>false</requesterManaged>
            <networkInterfaceIdSet><item>eni-111</item><item>eni-222</item></networkInterfaceIdSet>
            <dnsEntrySet>
              <item><dnsName>vpce-0a1b2c3d4e5f67890-abcd.execute-api.us-east-1.vpce.amazonaws.com</dnsName><hostedZoneId>Z7HUB22UULQXV</hostedZoneId></item>
              <item><dnsName>execute-api.us-east-1.amazonaws.com</dnsName><hostedZoneId>ZONEID</hostedZoneId></item>
            </dnsEntrySet>
            <creationTimestamp>2024-05-01T10:00:00.000Z</creationTimestamp>
            <ownerId>123456789012</ownerId>
          </item></vpcEndpointSet>`,
        ),
        { 'content-type': 'text/xml;charset=UTF-8' },
      );

    // Act
    const endpoints = await reader().describeVpcEndpoints();

    // Assess
    scope.done();
    expect(endpoints).toEqual([
      {
        id: 'vpce-0a1b2c3d4e5f67890',
        vpcId: 'vpc-1a2b3c4d',
        serviceName: 'com.amazonaws.us-east-1.execute-api',
        type: 'Interface',
        state: 'available',
        privateDnsEnabled: true,
        ownerId: '123456789012',
        subnetIds: ['subnet-aaa', 'subnet-bbb'],
        securityGroupIds: ['sg-111'],
        networkInterfaceIds: ['eni-111', 'eni-222'],
        policyDocument: policy,
        dnsNames: [
          'vpce-0a1b2c3d4e5f67890-abcd.execute-api.us-east-1.vpce.amazonaws.com',
          'execute-api.us-east-1.amazonaws.com',
        ],
      },
    ]);
  });

  it('follows NextToken until the last page and sends no endpoint-id filter', async () => {
    // Prepare
    const endpoint = (id: string) =>
      `<item><vpcEndpointId>${id}</vpcEndpointId><vpcId>vpc-1</vpcId><state>pendingAcceptance</state></item>`;
    const scope = nock(EC2_URL)
      .post(
        '/',
        (body: Record<string, string>) =>
          form({ Action: 'DescribeVpcEndpoints' })(body) &&
          !Object.keys(body).some((k) => k.startsWith('Filter')),
      )
      .reply(
        200,
        xml(
          'DescribeVpcEndpoints',
          `<vpcEndpointSet>${endpoint('vpce-1')}</vpcEndpointSet><nextToken>page-2</nextToken>`,
        ),
      )
      .post('/', form({ Action: 'DescribeVpcEndpoints', NextToken: 'page-2' }))
      .reply(200, xml('DescribeVpcEndpoints', `<vpcEndpointSet>${endpoint('vpce-2')}</vpcEndpointSet>`));

    // Act
    const endpoints = await reader().describeVpcEndpoints();

    // Assess
    scope.done();
    expect(endpoints.map((e) => [e.id, e.state, e.privateDnsEnabled, e.policyDocument])).toEqual([
      ['vpce-1', 'pendingAcceptance', false, null],
      ['vpce-2', 'pendingAcceptance', false, null],
    ]);
  });

  it('throws access-denied naming ec2:DescribeVpcEndpoints when EC2 answers UnauthorizedOperation', async () => {
    // Prepare
    const scope = nock(EC2_URL)
      .post('/', form({ Action: 'DescribeVpcEndpoints' }))
      .reply(
        403,
        `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>5b4c2d10-0000-4a2e-9f4d-EXAMPLE</RequestID></Response>`,
      );

    // Act
    const error = await reader()
      .describeVpcEndpoints()
      .catch((e: unknown) => e);

    // Assess
    scope.done();
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({
      kind: 'access-denied',
      action: 'ec2:DescribeVpcEndpoints',
      operation: 'DescribeVpcEndpoints',
      message: 'You are not authorized to perform this operation.',
    });
  });
});

describe('SdkEc2Reader.describeSecurityGroups', () => {
  it('maps ingress and egress permissions into rules with CIDRs, groups and prefix lists', async () => {
    // Prepare
    const scope = nock(EC2_URL)
      .post('/', form({ Action: 'DescribeSecurityGroups', 'GroupId.1': 'sg-111', 'GroupId.2': 'sg-222' }))
      .reply(
        200,
        xml(
          'DescribeSecurityGroups',
          `<securityGroupInfo><item>
            <ownerId>123456789012</ownerId><groupId>sg-111</groupId><groupName>endpoint-sg</groupName>
            <groupDescription>endpoint</groupDescription><vpcId>vpc-1a2b3c4d</vpcId>
            <ipPermissions>
              <item><ipProtocol>tcp</ipProtocol><fromPort>443</fromPort><toPort>443</toPort>
                <groups><item><userId>123456789012</userId><groupId>sg-222</groupId></item></groups>
                <ipRanges><item><cidrIp>10.0.0.0/16</cidrIp></item></ipRanges>
                <ipv6Ranges><item><cidrIpv6>2600:1f18::/56</cidrIpv6></item></ipv6Ranges>
                <prefixListIds><item><prefixListId>pl-123</prefixListId></item></prefixListIds>
              </item>
            </ipPermissions>
            <ipPermissionsEgress>
              <item><ipProtocol>-1</ipProtocol><groups/><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item>
            </ipPermissionsEgress>
          </item></securityGroupInfo>`,
        ),
      );

    // Act
    const groups = await reader().describeSecurityGroups(['sg-111', 'sg-222', 'sg-111']);

    // Assess
    scope.done();
    expect(groups).toEqual([
      {
        id: 'sg-111',
        name: 'endpoint-sg',
        vpcId: 'vpc-1a2b3c4d',
        ingress: [
          {
            protocol: 'tcp',
            fromPort: 443,
            toPort: 443,
            cidrs: ['10.0.0.0/16'],
            ipv6Cidrs: ['2600:1f18::/56'],
            groupIds: ['sg-222'],
            prefixListIds: ['pl-123'],
          },
        ],
        egress: [{ protocol: '-1', cidrs: ['0.0.0.0/0'], ipv6Cidrs: [], groupIds: [], prefixListIds: [] }],
      },
    ]);
  });

  it('returns no groups without calling EC2 when given no ids', async () => {
    // Prepare: no scope — nock.disableNetConnect makes any request fail.
    const ec2 = reader();

    // Act
    const results = await Promise.all([
      ec2.describeSecurityGroups([]),
      ec2.describeVpcs([]),
      ec2.describeNetworkAcls([]),
      ec2.describeNetworkInterfaces([]),
    ]);

    // Assess
    expect(results).toEqual([[], [], [], []]);
  });
});

describe('SdkEc2Reader.describeNetworkAcls', () => {
  it('filters by subnet association and maps entries with their port ranges', async () => {
    // Prepare
    const scope = nock(EC2_URL)
      .post(
        '/',
        form({
          Action: 'DescribeNetworkAcls',
          'Filter.1.Name': 'association.subnet-id',
          'Filter.1.Value.1': 'subnet-aaa',
        }),
      )
      .reply(
        200,
        xml(
          'DescribeNetworkAcls',
          `<networkAclSet><item>
            <networkAclId>acl-5fb85d36</networkAclId><vpcId>vpc-1a2b3c4d</vpcId><default>false</default>
            <entrySet>
              <item><ruleNumber>90</ruleNumber><protocol>6</protocol><ruleAction>deny</ruleAction><egress>false</egress>
                <cidrBlock>0.0.0.0/0</cidrBlock><portRange><from>443</from><to>443</to></portRange></item>
              <item><ruleNumber>100</ruleNumber><protocol>-1</protocol><ruleAction>allow</ruleAction><egress>true</egress>
                <ipv6CidrBlock>::/0</ipv6CidrBlock></item>
            </entrySet>
            <associationSet><item><networkAclAssociationId>aclassoc-1</networkAclAssociationId>
              <networkAclId>acl-5fb85d36</networkAclId><subnetId>subnet-aaa</subnetId></item></associationSet>
            <tagSet/>
          </item></networkAclSet>`,
        ),
      );

    // Act
    const acls = await reader().describeNetworkAcls(['subnet-aaa']);

    // Assess
    scope.done();
    expect(acls).toEqual([
      {
        id: 'acl-5fb85d36',
        vpcId: 'vpc-1a2b3c4d',
        isDefault: false,
        subnetIds: ['subnet-aaa'],
        entries: [
          {
            ruleNumber: 90,
            egress: false,
            protocol: '6',
            action: 'deny',
            cidrBlock: '0.0.0.0/0',
            ipv6CidrBlock: null,
            portRange: { from: 443, to: 443 },
          },
          {
            ruleNumber: 100,
            egress: true,
            protocol: '-1',
            action: 'allow',
            cidrBlock: null,
            ipv6CidrBlock: '::/0',
            portRange: null,
          },
        ],
      },
    ]);
  });
});

describe('SdkEc2Reader.describeVpcAttribute', () => {
  it.each([
    ['enableDnsSupport', 'true', true],
    ['enableDnsHostnames', 'false', false],
  ] as const)('reads %s=%s as %s', async (attribute, wireValue, expected) => {
    // Prepare
    const scope = nock(EC2_URL)
      .post('/', form({ Action: 'DescribeVpcAttribute', VpcId: 'vpc-1a2b3c4d', Attribute: attribute }))
      .reply(
        200,
        xml(
          'DescribeVpcAttribute',
          `<vpcId>vpc-1a2b3c4d</vpcId><${attribute}><value>${wireValue}</value></${attribute}>`,
        ),
      );

    // Act
    const value = await reader().describeVpcAttribute('vpc-1a2b3c4d', attribute);

    // Assess
    scope.done();
    expect(value).toBe(expected);
  });
});

describe('SdkEc2Reader.describeVpcs and describeNetworkInterfaces', () => {
  it('collects primary and associated secondary CIDRs, and every private address of an interface', async () => {
    // Prepare
    const scope = nock(EC2_URL)
      .post('/', form({ Action: 'DescribeVpcs', 'Filter.1.Name': 'vpc-id', 'Filter.1.Value.1': 'vpc-1' }))
      .reply(
        200,
        xml(
          'DescribeVpcs',
          `<vpcSet><item><vpcId>vpc-1</vpcId><cidrBlock>10.0.0.0/16</cidrBlock><dhcpOptionsId>dopt-0a1b2c3d</dhcpOptionsId>
            <cidrBlockAssociationSet>
              <item><cidrBlock>10.0.0.0/16</cidrBlock><cidrBlockState><state>associated</state></cidrBlockState></item>
              <item><cidrBlock>100.64.0.0/16</cidrBlock><cidrBlockState><state>associated</state></cidrBlockState></item>
              <item><cidrBlock>172.16.0.0/16</cidrBlock><cidrBlockState><state>disassociated</state></cidrBlockState></item>
            </cidrBlockAssociationSet>
            <ipv6CidrBlockAssociationSet>
              <item><ipv6CidrBlock>2600:1f18::/56</ipv6CidrBlock><ipv6CidrBlockState><state>associated</state></ipv6CidrBlockState></item>
            </ipv6CidrBlockAssociationSet>
          </item></vpcSet>`,
        ),
      )
      .post('/', form({ Action: 'DescribeNetworkInterfaces', 'NetworkInterfaceId.1': 'eni-111' }))
      .reply(
        200,
        xml(
          'DescribeNetworkInterfaces',
          `<networkInterfaceSet><item><networkInterfaceId>eni-111</networkInterfaceId><subnetId>subnet-aaa</subnetId>
            <privateIpAddress>10.0.1.10</privateIpAddress>
            <privateIpAddressesSet>
              <item><privateIpAddress>10.0.1.10</privateIpAddress><primary>true</primary></item>
              <item><privateIpAddress>10.0.1.11</privateIpAddress><primary>false</primary></item>
            </privateIpAddressesSet>
            <ipv6AddressesSet><item><ipv6Address>2600:1f18::10</ipv6Address></item></ipv6AddressesSet>
          </item></networkInterfaceSet>`,
        ),
      );
    const ec2 = reader();

    // Act
    const vpcs = await ec2.describeVpcs(['vpc-1']);
    const interfaces = await ec2.describeNetworkInterfaces(['eni-111']);

    // Assess
    scope.done();
    expect(vpcs).toEqual([
      {
        id: 'vpc-1',
        cidrBlocks: ['10.0.0.0/16', '100.64.0.0/16'],
        ipv6CidrBlocks: ['2600:1f18::/56'],
        dhcpOptionsId: 'dopt-0a1b2c3d',
      },
    ]);
    expect(interfaces).toEqual([
      {
        id: 'eni-111',
        subnetId: 'subnet-aaa',
        privateIpAddresses: ['10.0.1.10', '10.0.1.11'],
        ipv6Addresses: ['2600:1f18::10'],
      },
    ]);
  });
});

describe('SdkEc2Reader.describeDhcpOptions', () => {
  it('reads every option set of the region without a filter and keeps only its domain-name-servers', async () => {
    // Prepare
    const scope = nock(EC2_URL)
      .post(
        '/',
        (body: Record<string, string>) =>
          body.Action === 'DescribeDhcpOptions' &&
          body.MaxResults === '1000' &&
          !Object.keys(body).some((key) => key.startsWith('Filter') || key.startsWith('DhcpOptionsId')),
      )
      .reply(
        200,
        xml(
          'DescribeDhcpOptions',
          `<dhcpOptionsSet>
            <item><dhcpOptionsId>dopt-custom</dhcpOptionsId><ownerId>123456789012</ownerId>
              <dhcpConfigurationSet>
                <item><key>domain-name</key><valueSet><item><value>corp.example.com</value></item></valueSet></item>
                <item><key>domain-name-servers</key><valueSet>
                  <item><value>10.9.9.9</value></item><item><value>10.9.9.10</value></item>
                </valueSet></item>
              </dhcpConfigurationSet><tagSet/>
            </item>
            <item><dhcpOptionsId>dopt-amazon</dhcpOptionsId>
              <dhcpConfigurationSet>
                <item><key>domain-name-servers</key><valueSet><item><value>AmazonProvidedDNS</value></item></valueSet></item>
              </dhcpConfigurationSet>
            </item>
            <item><dhcpOptionsId>dopt-ntp-only</dhcpOptionsId>
              <dhcpConfigurationSet>
                <item><key>ntp-servers</key><valueSet><item><value>10.9.9.1</value></item></valueSet></item>
              </dhcpConfigurationSet>
            </item>
          </dhcpOptionsSet>`,
        ),
      );

    // Act
    const sets = await reader().describeDhcpOptions();

    // Assess
    scope.done();
    expect(sets).toEqual([
      { id: 'dopt-custom', domainNameServers: ['10.9.9.9', '10.9.9.10'] },
      { id: 'dopt-amazon', domainNameServers: ['AmazonProvidedDNS'] },
      { id: 'dopt-ntp-only', domainNameServers: [] },
    ]);
  });

  it('follows NextToken to the last page', async () => {
    // Prepare
    const set = (id: string) => `<item><dhcpOptionsId>${id}</dhcpOptionsId><dhcpConfigurationSet/></item>`;
    const scope = nock(EC2_URL)
      .post('/', (body: Record<string, string>) => body.Action === 'DescribeDhcpOptions' && !body.NextToken)
      .reply(
        200,
        xml(
          'DescribeDhcpOptions',
          `<dhcpOptionsSet>${set('dopt-1')}</dhcpOptionsSet><nextToken>page2</nextToken>`,
        ),
      )
      .post('/', form({ Action: 'DescribeDhcpOptions', NextToken: 'page2' }))
      .reply(200, xml('DescribeDhcpOptions', `<dhcpOptionsSet>${set('dopt-2')}</dhcpOptionsSet>`));

    // Act
    const sets = await reader().describeDhcpOptions();

    // Assess
    scope.done();
    expect(sets.map((s) => s.id)).toEqual(['dopt-1', 'dopt-2']);
  });

  it('maps a VPC with no option set (EC2 says default) to a null dhcpOptionsId', async () => {
    // Prepare
    const scope = nock(EC2_URL)
      .post('/', form({ Action: 'DescribeVpcs' }))
      .reply(
        200,
        xml(
          'DescribeVpcs',
          '<vpcSet><item><vpcId>vpc-2</vpcId><cidrBlock>10.1.0.0/16</cidrBlock><dhcpOptionsId>default</dhcpOptionsId></item></vpcSet>',
        ),
      );

    // Act
    const vpcs = await reader().describeVpcs(['vpc-2']);

    // Assess
    scope.done();
    expect(vpcs).toMatchObject([{ id: 'vpc-2', dhcpOptionsId: null }]);
  });
});
