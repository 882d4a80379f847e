import { describe, expect, it } from 'vitest';
import { customDomainCheck, domainInvokeArn } from '../../../src/diagnosis/checks/custom-domain.js';
import type {
  BasePathMappingInfo,
  CustomDomainFacts,
  DomainAccessAssociationInfo,
  DomainNameInfo,
  Facts,
} from '../../../src/diagnosis/facts.js';
import {
  buildFacts,
  callerVpc,
  DOMAIN_ARN,
  DOMAIN_ID,
  DOMAIN_NAME,
  endpoint,
  fetchedFailed,
  fetchedOk,
  privateDomain,
  seenFrom,
  stage,
} from './facts-builder.js';

const NAME = DOMAIN_NAME;
const ID = DOMAIN_ID;
const ARN = DOMAIN_ARN;
const CALLER = 'vpce-0aaa';

function allowPolicy(vpceId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/domainnames/*',
        Condition: { StringEquals: { 'aws:SourceVpce': vpceId } },
      },
    ],
  });
}

function domain(overrides: Partial<DomainNameInfo> = {}): DomainNameInfo {
  return privateDomain({ policy: allowPolicy(CALLER), ...overrides });
}

function association(source: string): DomainAccessAssociationInfo {
  return { arn: `${ARN}/vpcesource/${source}`, domainNameArn: ARN, sourceType: 'VPCE', source };
}

const MAPPED: BasePathMappingInfo = { basePath: 'orders', restApiId: 'a1b2c3d4e5', stage: 'prod' };

function factsWith(custom: Partial<CustomDomainFacts> = {}, overrides: Partial<Facts> = {}): Facts {
  const d = domain();
  return buildFacts({
    urlForm: 'custom-domain',
    stage: stage(),
    ...seenFrom([callerVpc([endpoint()])]),
    customDomain: {
      name: NAME,
      basePath: 'orders',
      domains: fetchedOk([d]),
      domain: fetchedOk(d),
      accessAssociations: fetchedOk([association(CALLER)]),
      mappings: fetchedOk([MAPPED]),
      routingRules: null,
      associationCreations: null,
      ...custom,
    },
    ...overrides,
  });
}

describe('customDomainCheck', () => {
  it('passes and names the mapping when the domain is associated, allows the endpoint and maps the path', () => {
    // Act
    const outcome = customDomainCheck.run(factsWith());

    // Assess
    expect(outcome.status).toBe('pass');
    expect(outcome.findings).toEqual([]);
    expect(outcome.reason).toContain('orders → a1b2c3d4e5/prod');
  });

  it('is skipped when no custom domain is in play', () => {
    // Act
    const outcome = customDomainCheck.run(buildFacts());

    // Assess
    expect(outcome.status).toBe('skipped');
  });

  it('reports DOMAIN_NOT_FOUND and a public domain of the same name', () => {
    // Prepare
    const regional = domain({ endpointTypes: ['REGIONAL'], domainNameId: null });

    // Act
    const outcome = customDomainCheck.run(
      factsWith({ domains: fetchedOk([regional]), domain: null, mappings: null }),
    );

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings).toMatchObject([
      { code: 'DOMAIN_NOT_FOUND', evidence: { sameNameDomains: [{ endpointTypes: ['REGIONAL'] }] } },
    ]);
  });

  it('reports DOMAIN_ACCESS_ASSOCIATION_MISSING with the associate command', () => {
    // Act
    const outcome = customDomainCheck.run(
      factsWith({ accessAssociations: fetchedOk([association('vpce-0other')]) }),
    );

    // Assess
    expect(outcome.findings).toMatchObject([
      {
        code: 'DOMAIN_ACCESS_ASSOCIATION_MISSING',
        severity: 'error',
        evidence: { vpceId: CALLER, associatedVpceIds: ['vpce-0other'], domainNameArn: ARN },
      },
    ]);
    expect(outcome.findings[0]?.detail).toContain(
      `--domain-name-arn ${ARN} --access-association-source ${CALLER} --access-association-source-type VPCE`,
    );
  });

  it('reports DOMAIN_POLICY_DENIES_VPCE when the domain policy allows another endpoint only', () => {
    // Prepare
    const other = domain({ policy: allowPolicy('vpce-0other') });

    // Act
    const outcome = customDomainCheck.run(
      factsWith({ domains: fetchedOk([other]), domain: fetchedOk(other) }),
    );

    // Assess
    expect(outcome.findings).toMatchObject([
      {
        code: 'DOMAIN_POLICY_DENIES_VPCE',
        evidence: {
          vpceId: CALLER,
          resource: `arn:aws:execute-api:us-east-1:123456789012:/domainnames/${NAME}+${ID}`,
        },
      },
    ]);
  });

  it('reports DOMAIN_PATH_NOT_MAPPED listing the mappings that exist', () => {
    // Act
    const outcome = customDomainCheck.run(
      factsWith({ mappings: fetchedOk([{ basePath: 'billing', restApiId: 'z9y8x7w6v5', stage: 'prod' }]) }),
    );

    // Assess
    expect(outcome.findings).toMatchObject([
      { code: 'DOMAIN_PATH_NOT_MAPPED', severity: 'error', evidence: { basePath: 'orders' } },
    ]);
    expect(outcome.findings[0]?.detail).toContain('billing → z9y8x7w6v5/prod');
  });

  it('reports DOMAIN_MAPPING_MISMATCH naming the API and stage the base path maps to', () => {
    // Act
    const outcome = customDomainCheck.run(factsWith({ mappings: fetchedOk([{ ...MAPPED, stage: 'beta' }]) }));

    // Assess
    expect(outcome.findings).toMatchObject([
      { code: 'DOMAIN_MAPPING_MISMATCH', evidence: { mappedApiId: 'a1b2c3d4e5', mappedStage: 'beta' } },
    ]);
  });

  it('does not judge mappings under ROUTING_RULE_ONLY when the rules were not read, and never passes', () => {
    // Prepare
    const rules = domain({ routingMode: 'ROUTING_RULE_ONLY' });

    // Act
    const outcome = customDomainCheck.run(
      factsWith({ domains: fetchedOk([rules]), domain: fetchedOk(rules), mappings: fetchedOk([]) }),
    );

    // Assess
    expect(outcome.findings).toMatchObject([{ code: 'DOMAIN_ROUTING_RULES_NOT_READ', severity: 'info' }]);
    expect(outcome.status).toBe('warn');
  });

  it.each([
    ['UPDATING', 'warning'],
    ['PENDING_CERTIFICATE_REIMPORT', 'warning'],
    ['FAILED', 'error'],
  ])('reports status %s as DOMAIN_STATUS_NOT_AVAILABLE (%s)', (status, severity) => {
    // Prepare
    const changing = domain({ status, statusMessage: 'Updating' });

    // Act
    const outcome = customDomainCheck.run(
      factsWith({ domains: fetchedOk([changing]), domain: fetchedOk(changing) }),
    );

    // Assess
    expect(outcome.findings).toMatchObject([{ code: 'DOMAIN_STATUS_NOT_AVAILABLE', severity }]);
  });

  it('cannot run and names the IAM action when the domain list is denied', () => {
    // Act
    const outcome = customDomainCheck.run(
      factsWith({
        domains: fetchedFailed('access-denied', {
          action: 'apigateway:GET',
          operation: 'GetDomainNames',
          message: 'denied',
        }),
      }),
    );

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings).toMatchObject([
      { code: 'AWS_PERMISSION_MISSING', evidence: { operation: 'GetDomainNames' } },
    ]);
  });

  it('builds the execute-api ARN of a private domain from its own ARN', () => {
    expect(domainInvokeArn(domain(), 'us-east-1')).toBe(
      `arn:aws:execute-api:us-east-1:123456789012:/domainnames/${NAME}+${ID}`,
    );
  });
});
