// Set-ups taken from the AWS documentation, each in the form AWS presents as working and in a form that breaks it.
// Every check runs on the facts (as the engine runs them); the working form must give no error and no warning, the
// broken form the error that names the zone, record, policy or deployment at fault. The source is beside each row.

import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/diagnosis/checks/run-check.js';
import { CHECKS } from '../../src/diagnosis/diagnose.js';
import type {
  DnsLayer,
  DnsRecordInfo,
  Facts,
  HostedZoneRef,
  ZoneRecordsLookup,
} from '../../src/diagnosis/facts.js';
import { orderFindings } from '../../src/diagnosis/report.js';
import type { Finding } from '../../src/diagnosis/types.js';
import { dnsStep, httpStep, probeOutput } from '../probe/probe-output-fixtures.js';
import {
  ACCOUNT_ID,
  API_ID,
  associatedDomainFacts,
  buildFacts,
  callerVpc,
  DOMAIN_NAME,
  endpoint,
  fetchedOk,
  REGION,
  restApiInfo,
  seenFrom,
  stage,
} from './checks/facts-builder.js';

const TUTORIAL =
  'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-custom-domains-tutorial.html';
const PRIVATE_API_DNS =
  'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-test-invoke-url.html';
const PHZ_RULES =
  'https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html';
const MISSING_TOKEN = 'https://repost.aws/knowledge-center/api-gateway-authentication-token-errors';
const INTERFACE_DNS = 'https://repost.aws/knowledge-center/vpc-interface-configure-dns';
const GLOBAL_KEYS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';

const PRIVATE_NAME = `${API_ID}.execute-api.${REGION}.amazonaws.com`;
const ENDPOINT_DNS = `vpce-0aaa-1b2c3d4e.execute-api.${REGION}.vpce.amazonaws.com`;
const CALLER_ENDPOINT = { dnsNames: [ENDPOINT_DNS, `*.${ENDPOINT_DNS}`], networkInterfaceIds: ['eni-a'] };

function zone(name: string): HostedZoneRef {
  return { id: `Z-${name}`, name, owningAccount: ACCOUNT_ID, owningService: null };
}

function record(name: string, fields: Partial<DnsRecordInfo>): DnsRecordInfo {
  return { name, type: 'A', values: [], aliasTarget: null, ...fields };
}

/** The caller VPC's DNS layer: these zones, each answering `name` with these record sets. */
function layer(zones: { zone: HostedZoneRef; name: string; records: DnsRecordInfo[] }[]): DnsLayer {
  return {
    vpcId: 'vpc-1',
    resolverRules: fetchedOk({ rules: [], associationCount: 0, unreadRuleIds: [], truncated: false }),
    hostedZones: fetchedOk({ zones: zones.map((z) => z.zone), truncated: false }),
    zoneRecords: zones.map(
      (z): ZoneRecordsLookup => ({
        zoneId: z.zone.id,
        name: z.name,
        records: fetchedOk({ exact: z.records, wildcard: [], truncated: false }),
      }),
    ),
  };
}

const INTERFACES = fetchedOk([
  { id: 'eni-a', subnetId: 'subnet-a', privateIpAddresses: ['10.0.1.10'], ipv6Addresses: [] },
]);

/** Findings a user would be told about: every error and warning of every check. */
function problems(facts: Facts): Finding[] {
  return CHECKS.flatMap((check) => runCheck(check, facts).findings).filter((f) => f.severity !== 'info');
}

function customDomainCaller(dnsLayer: DnsLayer, privateDns = true): Facts {
  const base = associatedDomainFacts();
  return {
    ...base,
    ...seenFrom([callerVpc([endpoint({ ...CALLER_ENDPOINT, privateDnsEnabled: privateDns })])]),
    restApi: fetchedOk(restApiInfo({ vpcEndpointIds: ['vpce-0aaa'], policy: allowCaller('vpce-0aaa') })),
    request: { ...base.request, url: `https://${DOMAIN_NAME}/orders/pets` },
    dnsLayers: [dnsLayer],
    endpointInterfaces: INTERFACES,
  };
}

function defaultNameCaller(dnsLayer: DnsLayer, privateDns: boolean): Facts {
  return buildFacts({
    ...seenFrom([callerVpc([endpoint({ ...CALLER_ENDPOINT, privateDnsEnabled: privateDns })])]),
    restApi: fetchedOk(restApiInfo({ vpcEndpointIds: ['vpce-0aaa'], policy: allowCaller('vpce-0aaa') })),
    request: { url: `https://${PRIVATE_NAME}/prod/pets` },
    dnsLayers: [dnsLayer],
    endpointInterfaces: INTERFACES,
  });
}

function allowCaller(vpceId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: ['execute-api:/*'] },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: ['execute-api:/*'],
        Condition: { StringNotEquals: { 'aws:SourceVpce': vpceId } },
      },
    ],
  });
}

const DOMAIN_ZONE = zone(DOMAIN_NAME);

/** The tutorial's consumer zone: the custom domain name aliased to the endpoint's DNS name. */
function tutorialZone(): DnsLayer {
  return layer([
    { zone: DOMAIN_ZONE, name: DOMAIN_NAME, records: [record(DOMAIN_NAME, { aliasTarget: ENDPOINT_DNS })] },
  ]);
}

/** The same facts with this policy on the custom domain name. */
function withDomainPolicy(facts: Facts, policy: string): Facts {
  const custom = facts.customDomain;
  if (!custom?.domain?.ok) throw new Error('fixture: the domain was read');
  const domain = { ...custom.domain.value, policy };
  return { ...facts, customDomain: { ...custom, domain: fetchedOk(domain), domains: fetchedOk([domain]) } };
}
const API_ZONE = zone(PRIVATE_NAME);

describe('documented set-ups come out healthy', () => {
  it.each<[string, string, () => Facts]>([
    [
      "private custom domain: the consumer's private hosted zone aliases the name to the endpoint",
      TUTORIAL,
      () => customDomainCaller(tutorialZone()),
    ],
    [
      'private custom domain: the same zone with private DNS off on the endpoint',
      TUTORIAL,
      () => customDomainCaller(tutorialZone(), false),
    ],
    [
      "private custom domain: the tutorial's domain policy (execute-api:/* with a Deny unless aws:SourceVpce)",
      TUTORIAL,
      () => withDomainPolicy(customDomainCaller(tutorialZone()), allowCaller('vpce-0aaa')),
    ],
    [
      "private DNS off, the VPC's own zone for the API's name with an alias A record to the endpoint",
      PRIVATE_API_DNS,
      () =>
        defaultNameCaller(
          layer([
            {
              zone: API_ZONE,
              name: PRIVATE_NAME,
              records: [record(PRIVATE_NAME, { aliasTarget: ENDPOINT_DNS })],
            },
          ]),
          false,
        ),
    ],
    [
      "private DNS off, the VPC's own zone for the API's name with an A record of the endpoint's addresses",
      PRIVATE_API_DNS,
      () =>
        defaultNameCaller(
          layer([
            {
              zone: API_ZONE,
              name: PRIVATE_NAME,
              records: [record(PRIVATE_NAME, { values: ['10.0.1.10'] })],
            },
          ]),
          false,
        ),
    ],
  ])('%s (%s)', (_name, _source, facts) => {
    expect(problems(facts())).toEqual([]);
  });
});

describe('the broken forms are errors naming what is at fault', () => {
  it.each<[string, string, () => Facts, string, RegExp]>([
    [
      'private custom domain with no zone or record in the caller VPC',
      TUTORIAL,
      () => customDomainCaller(layer([])),
      'DNS_CUSTOM_DOMAIN_NOT_ANSWERED',
      new RegExp(DOMAIN_NAME.replace(/\./g, '\\.')),
    ],
    [
      'private custom domain whose zone has no record for the name (NXDOMAIN)',
      PHZ_RULES,
      () => customDomainCaller(layer([{ zone: DOMAIN_ZONE, name: DOMAIN_NAME, records: [] }])),
      'DNS_PRIVATE_ZONE_SHADOWS',
      /Z-api\.example\.internal.*NXDOMAIN/,
    ],
    [
      "a zone for the API's own name whose record points elsewhere shadows the endpoint's private DNS",
      PHZ_RULES,
      () =>
        defaultNameCaller(
          layer([
            { zone: API_ZONE, name: PRIVATE_NAME, records: [record(PRIVATE_NAME, { values: ['10.9.9.9'] })] },
          ]),
          true,
        ),
      'DNS_PRIVATE_ZONE_SHADOWS',
      /record a1b2c3d4e5\.execute-api\.us-east-1\.amazonaws\.com A 10\.9\.9\.9.*10\.9\.9\.9/,
    ],
    [
      "the tutorial's domain policy naming another endpoint",
      TUTORIAL,
      () => withDomainPolicy(customDomainCaller(tutorialZone()), allowCaller('vpce-0other')),
      'DOMAIN_POLICY_DENIES_VPCE',
      /vpce-0aaa/,
    ],
  ])('%s (%s) → %s', (_name, _source, facts, code, names) => {
    const found = problems(facts()).find((f) => f.code === code);
    expect(found?.severity).toBe('error');
    expect(found?.detail).toMatch(names);
  });
});

describe('routes as the stage serves them', () => {
  const summary = (paths: Record<string, string[]>) =>
    Object.fromEntries(
      Object.entries(paths).map(([path, verbs]) => [
        path,
        Object.fromEntries(verbs.map((verb) => [verb, { authorizationType: 'NONE', apiKeyRequired: false }])),
      ]),
    );
  const facts = (deployed: Record<string, string[]>, current: Record<string, string[]>) =>
    buildFacts({
      request: { url: `https://${PRIVATE_NAME}/prod/pets`, method: 'GET' },
      stage: stage(),
      stages: fetchedOk([stage()]),
      apiResources: fetchedOk({
        resources: Object.entries(current).map(([path, verbs]) => ({
          id: path,
          path,
          methods: verbs.map((httpMethod) => ({ httpMethod, authorizationType: 'NONE' })),
        })),
        truncated: false,
      }),
      deployment: fetchedOk({
        id: 'dep123',
        createdDate: '2026-05-01T00:00:00.000Z',
        description: null,
        apiSummary: summary(deployed),
      }),
    });
  const routeFindings = (f: Facts) => problems(f).filter((x) => x.code.startsWith('ROUTE_'));

  it(`a method the deployment has is reached (${MISSING_TOKEN})`, () => {
    expect(routeFindings(facts({ '/': [], '/pets': ['GET'] }, { '/': [], '/pets': ['GET'] }))).toEqual([]);
  });

  it(`a method added after the deployment is ROUTE_NOT_DEPLOYED with the redeploy (${MISSING_TOKEN})`, () => {
    const [found] = routeFindings(facts({ '/': ['GET'] }, { '/': ['GET'], '/pets': ['GET'] }));
    expect(found).toMatchObject({
      code: 'ROUTE_NOT_DEPLOYED',
      severity: 'error',
      remediations: ['redeploy-stage'],
    });
    expect(found?.detail).toContain('dep123');
    expect(found?.detail).toContain('Missing Authentication Token');
  });

  it(`a method removed since the deployment is still served (${MISSING_TOKEN})`, () => {
    expect(routeFindings(facts({ '/pets': ['GET'] }, { '/': ['GET'] }))).toEqual([]);
  });

  it(`a path neither has is ROUTE_NOT_FOUND, judged on the deployed routes (${MISSING_TOKEN})`, () => {
    const [found] = routeFindings(facts({ '/orders': ['GET'] }, { '/orders': ['GET'] }));
    expect(found).toMatchObject({ code: 'ROUTE_NOT_FOUND', evidence: { nearestPath: '/orders' } });
  });
});

describe('routes behind a private custom domain: the path after the base path, as deployed', () => {
  const facts = (deployed: string[]) => ({
    ...customDomainCaller(tutorialZone()),
    request: { ...customDomainCaller(tutorialZone()).request, method: 'GET' },
    apiResources: fetchedOk({
      resources: [{ id: 'r1', path: '/pets', methods: [{ httpMethod: 'GET', authorizationType: 'NONE' }] }],
      truncated: false,
    }),
    deployment: fetchedOk({
      id: 'dep7',
      createdDate: '2026-05-01T00:00:00.000Z',
      description: null,
      apiSummary: Object.fromEntries(
        deployed.map((path) => [path, { GET: { authorizationType: 'NONE', apiKeyRequired: false } }]),
      ),
    }),
  });

  it(`https://${DOMAIN_NAME}/orders/pets reaches /pets of the mapped stage (${MISSING_TOKEN})`, () => {
    expect(problems(facts(['/', '/pets']))).toEqual([]);
  });

  it(`and is ROUTE_NOT_DEPLOYED when /pets was added after the stage's deployment (${MISSING_TOKEN})`, () => {
    const found = problems(facts(['/'])).find((f) => f.code === 'ROUTE_NOT_DEPLOYED');
    expect(found?.detail).toContain('/pets');
    expect(found?.detail).toContain('dep7');
  });
});

describe(`the request context has the keys IAM always includes (${GLOBAL_KEYS})`, () => {
  const perimeter = (region: string) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': [region] } },
        },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0aaa' } },
        },
      ],
    });
  const facts = (policy: string) =>
    buildFacts({
      ...seenFrom([callerVpc([endpoint()])]),
      restApi: fetchedOk(restApiInfo({ vpcEndpointIds: ['vpce-0aaa'], policy })),
    });
  const policyProblems = (f: Facts) => problems(f).filter((x) => x.code.startsWith('POLICY_'));

  it("a data-perimeter policy that denies other regions lets in a call in the API's own region", () => {
    expect(policyProblems(facts(perimeter(REGION))).map((f) => [f.code, f.detail])).toEqual([]);
  });

  it('and denies one when the API is outside the allowed region', () => {
    expect(policyProblems(facts(perimeter('eu-west-1'))).map((f) => f.code)).toContain('POLICY_DENIES_VPCE');
  });

  it('a condition on a key whose presence on an execute-api call is not documented decides nothing', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: 'execute-api:/*',
          Condition: { StringEquals: { 'aws:SourceOrgID': 'o-abc' } },
        },
      ],
    });
    expect(policyProblems(facts(policy)).map((f) => f.code)).not.toContain('POLICY_DENIES_VPCE');
  });
});

describe(`private DNS off, judged by the live answer from inside the VPC (${INTERFACE_DNS})`, () => {
  /** Private DNS off, no zone or rule the tool can read; the probe in vpc-1 resolved the name to these addresses. */
  function probedCaller(addresses: string[], status: number | null): Facts {
    return {
      ...defaultNameCaller(layer([]), false),
      vpcs: fetchedOk([
        { id: 'vpc-1', cidrBlocks: ['10.0.0.0/16'], ipv6CidrBlocks: [], dhcpOptionsId: null },
      ]),
      probe: {
        state: 'ran',
        vpcId: 'vpc-1',
        functionName: 'apigw-diagnose-probe-vpc-1',
        ms: 300,
        result: probeOutput({
          apiId: API_ID,
          dns: [dnsStep({ name: PRIVATE_NAME, role: 'private-dns', addresses })],
          tcp: [],
          http: [
            httpStep({ url: `https://${PRIVATE_NAME}/prod/pets`, address: addresses[0] ?? null, status }),
          ],
        }),
        endpointAddresses: ['10.0.1.10'],
      },
    };
  }

  it('a name answered privately by something the tool cannot read, and reached: no error, and said once', () => {
    // Prepare: an on-premises DNS or another account's zone answers the name with an in-VPC address.
    const found = problems(probedCaller(['10.0.7.7'], 200));

    // Assess: not PRIVATE_DNS_DISABLED; the one finding that names the answer is the live/model difference.
    expect(found.filter((f) => f.severity === 'error')).toEqual([]);
    expect(found.map((f) => f.code)).not.toContain('PRIVATE_DNS_DISABLED');
    expect(found.filter((f) => f.detail.includes('10.0.7.7')).map((f) => f.code)).toEqual([
      'DNS_LIVE_ANSWER_DIFFERS',
    ]);
  });

  it('a public live answer keeps PRIVATE_DNS_DISABLED the primary cause, citing the answer', () => {
    // Act
    const found = orderFindings(problems(probedCaller(['3.5.1.1'], 403)));

    // Assess
    expect(found[0]).toMatchObject({ code: 'PRIVATE_DNS_DISABLED', severity: 'error' });
    expect(found[0]?.detail).toContain(`${PRIVATE_NAME} resolved to 3.5.1.1, outside the VPC`);
    expect(found.map((f) => f.code)).not.toContain('DNS_LIVE_ANSWER_DIFFERS');
  });
});
