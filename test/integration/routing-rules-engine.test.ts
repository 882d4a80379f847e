// A private custom domain that routes by rules, through the engine and the real SDK clients: moto has neither
// private custom domains nor routing rules, so nock answers the domain's calls (v1 and v2 wire shapes) on moto's
// address and moto everything else.

import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { REGION, seedScenario } from '../../scripts/seed-scenarios.mjs';
import { createAwsPorts } from '../../src/aws/ports.js';
import { diagnose } from '../../src/diagnosis/diagnose.js';
import type { DiagnosisRequest } from '../../src/diagnosis/types.js';
import { motoWithNock } from '../support/moto.js';

const NAME = 'api.example.internal';
const ID = 'abcd1234';
const JSON_HEADERS = { 'content-type': 'application/json' };

const moto = motoWithNock();

/** The domain's reads, answered as API Gateway would: a ROUTING_RULE_ONLY domain whose rules are these. */
function domainRoutingBy(rules: unknown[]) {
  const domain = {
    domainName: NAME,
    domainNameId: ID,
    domainNameArn: `arn:aws:apigateway:${REGION}:123456789012:/domainnames/${NAME}+${ID}`,
    endpointConfiguration: { types: ['PRIVATE'] },
    domainNameStatus: 'AVAILABLE',
    routingMode: 'ROUTING_RULE_ONLY',
  };
  return nock(moto().url, { allowUnmocked: true })
    .get('/domainnames')
    .query(true)
    .reply(200, { item: [domain] }, JSON_HEADERS)
    .get('/domainnameaccessassociations')
    .query(true)
    .times(2) // the account's own associations, and those other accounts made to its domains
    .reply(200, { item: [] }, JSON_HEADERS)
    .get(`/domainnames/${NAME}`)
    .query({ domainNameId: ID })
    .reply(200, domain, JSON_HEADERS)
    .get(`/domainnames/${NAME}/basepathmappings`)
    .query(true)
    .reply(200, { item: [] }, JSON_HEADERS)
    .get(`/v2/domainnames/${NAME}/routingrules`)
    .query({ domainNameId: ID })
    .reply(200, { routingRules: rules }, JSON_HEADERS);
}

async function customDomainRequest(): Promise<DiagnosisRequest> {
  const seeded = await seedScenario('healthy', moto().url);
  return {
    apiId: seeded.apiId,
    region: REGION,
    stage: seeded.stage,
    urlForm: 'custom-domain',
    url: `https://${NAME}/orders/items`,
    vpcId: null,
    vpceId: null,
    customDomain: { name: NAME, basePath: 'orders' },
    callerSecurityGroupIds: [],
    sinceMs: 15 * 60_000,
    probe: false,
  };
}

describe('the engine on a custom domain that routes by rules', () => {
  it('reads the rules beside the mappings and names the rule that sends the path to another API', async () => {
    // Prepare
    const request = await customDomainRequest();
    const scope = domainRoutingBy([
      {
        routingRuleId: 'rr-other',
        priority: 10,
        conditions: [{ matchBasePaths: { anyOf: ['orders'] } }],
        actions: [{ invokeApi: { apiId: 'z9y8x7w6v5', stage: 'prod', stripBasePath: true } }],
      },
    ]);

    // Act
    const report = await diagnose(request, createAwsPorts(REGION, { endpoint: moto().url, maxAttempts: 1 }));

    // Assess
    scope.done();
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        code: 'DOMAIN_ROUTING_RULE_OTHER_TARGET',
        severity: 'error',
        evidence: expect.objectContaining({ rule: expect.objectContaining({ routingRuleId: 'rr-other' }) }),
      }),
    );
    expect(report.checks.find((c) => c.id === 'custom-domain')).toMatchObject({ status: 'fail' });
  });

  it('reports that no rule matches the path under ROUTING_RULE_ONLY', async () => {
    // Prepare
    const request = await customDomainRequest();
    const scope = domainRoutingBy([
      {
        routingRuleId: 'rr-invoices',
        priority: 10,
        conditions: [{ matchBasePaths: { anyOf: ['invoices'] } }],
        actions: [{ invokeApi: { apiId: request.apiId, stage: request.stage ?? 'prod' } }],
      },
    ]);

    // Act
    const report = await diagnose(request, createAwsPorts(REGION, { endpoint: moto().url, maxAttempts: 1 }));

    // Assess
    scope.done();
    expect(report.findings).toContainEqual(
      expect.objectContaining({ code: 'DOMAIN_NO_ROUTING_RULE_MATCHES', severity: 'error' }),
    );
  });
});
