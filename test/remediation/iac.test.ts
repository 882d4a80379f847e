// What a fix says about a resource managed by infrastructure as code: in its plan (the confirm dialog), in its
// applied result (the audit line), and the template change per tool and fix.

import { describe, expect, it } from 'vitest';
import type { Ownership } from '../../src/diagnosis/model/ownership.js';
import { driftMedium, driftSentence, driftShort, permanentWords } from '../../src/remediation/iac.js';
import { RemediationCallError } from '../../src/remediation/ports.js';
import { FIX_IDS } from '../../src/remediation/registry.js';
import { createRemediatorWithPorts } from '../../src/remediation/remediator.js';
import { riskText } from '../../src/remediation/risks.js';
import { confirmText } from '../../src/slack/render/confirm.js';
import { actor, endpoint, fakePorts, healthyAws, STACK_TAGS, stage, target } from './fake-aws.js';

const STACK: Ownership = {
  tool: 'cloudformation',
  stackName: 'orders-api',
  logicalId: 'Stage',
  stackId: null,
};
const TERRAFORM: Ownership = { tool: 'terraform', evidence: 'ManagedBy=terraform', module: null };

describe('the template change of each fix', () => {
  it.each([
    [
      'enable-logging',
      /MethodSettings: \[\{ResourcePath: "\/\*", HttpMethod: "\*", LoggingLevel: INFO, MetricsEnabled: true\}\]/,
      /deployOptions: \{loggingLevel: apigateway\.MethodLoggingLevel\.INFO, metricsEnabled: true\}/,
    ],
    [
      'enable-private-dns',
      /AWS::EC2::VPCEndpoint PrivateDnsEnabled: true/,
      /ec2\.InterfaceVpcEndpoint privateDnsEnabled: true/,
    ],
    [
      'redeploy-stage',
      /new AWS::ApiGateway::Deployment: give the Deployment resource a new logical id/,
      /latestDeployment\.addToLogicalId/,
    ],
  ] as const)(
    '%s: the CloudFormation/SAM property and the CDK construct property for a stack',
    (fix, cfn, cdk) => {
      const words = permanentWords(fix, STACK);
      expect(words).toMatch(cfn);
      expect(words).toMatch(cdk);
      expect(words).not.toContain('Terraform');
    },
  );

  it.each([
    [
      'enable-logging',
      'aws_api_gateway_method_settings with method_path = "*/*" and settings { logging_level = "INFO", metrics_enabled = true }',
    ],
    ['enable-private-dns', 'aws_vpc_endpoint private_dns_enabled = true'],
    ['redeploy-stage', 'aws_api_gateway_deployment triggers = {'],
  ] as const)('%s: the Terraform argument for a Terraform owner', (fix, argument) => {
    expect(permanentWords(fix, TERRAFORM)).toContain(argument);
    expect(permanentWords(fix, TERRAFORM)).not.toContain('CloudFormation');
  });

  it('says what reverts the change: a stack update, or terraform apply (and that Terraform is a guess)', () => {
    expect(driftSentence('enable-logging', STACK, 'Stage prod')).toMatch(
      /^Stage prod is managed by CloudFormation stack orders-api \(logical id Stage\): this change drifts from it and the next update of stack orders-api that touches it puts the template's value back/,
    );
    expect(driftSentence('enable-private-dns', TERRAFORM, 'VPC endpoint vpce-1')).toMatch(
      /a guess from the tag ManagedBy=terraform, a convention, not proof.*the next `terraform apply` puts the configuration back/,
    );
  });

  it('has a short form for every fix and owner that still names the owner and the property', () => {
    for (const fix of FIX_IDS) {
      for (const owner of [STACK, TERRAFORM]) {
        expect(driftShort(fix, owner).length).toBeLessThanOrEqual(100);
        expect(driftMedium(fix, owner).length).toBeLessThan(driftSentence(fix, owner, 'Stage prod').length);
      }
    }
    expect(driftShort('enable-logging', STACK)).toBe(
      'Drifts from stack orders-api; keep it: MethodSettings LoggingLevel INFO, MetricsEnabled true.',
    );
  });
});

describe('fixes on managed resources', () => {
  it('enable-logging: the plan names the stack and the template change, and fits the confirm dialog', async () => {
    const ports = fakePorts(healthyAws({ stages: { prod: stage({ tags: STACK_TAGS }) } }));

    const plan = await createRemediatorWithPorts(ports).plan('enable-logging', target);

    const drift = plan.risks.find((risk) => risk.kind === 'iac-drift');
    expect(drift && riskText(drift)).toMatch(/^Stage prod is managed by CloudFormation stack orders-api/);
    const text = confirmText({ fix: 'enable-logging', plan });
    expect(text.length).toBeLessThanOrEqual(300);
    expect(text).toMatch(/orders-api/);
    expect(text).toMatch(/MethodSettings/);
  });

  it('redeploy-stage and enable-private-dns: the plan warns on their managed resource, no extra read', async () => {
    const ports = fakePorts(
      healthyAws({
        stages: { prod: stage({ tags: STACK_TAGS }) },
        endpoints: [endpoint({ tags: { ManagedBy: 'terraform' } })],
      }),
    );
    const remediator = createRemediatorWithPorts(ports);

    const redeploy = await remediator.plan('redeploy-stage', target);
    const privateDns = await remediator.plan('enable-private-dns', target);

    expect(confirmText({ fix: 'redeploy-stage', plan: redeploy })).toMatch(/orders-api.*Deployment/s);
    const dnsText = confirmText({ fix: 'enable-private-dns', plan: privateDns });
    expect(dnsText.length).toBeLessThanOrEqual(300);
    expect(dnsText).toMatch(/Terraform.*private_dns_enabled = true/s);
  });

  it("falls back on the API's stack for a stage without tags of its own (one GetRestApi), in the plan and the audit", async () => {
    const ports = fakePorts(healthyAws({ apiTags: STACK_TAGS }));
    const remediator = createRemediatorWithPorts(ports);

    const plan = await remediator.plan('redeploy-stage', target);
    const applied = await remediator.apply('redeploy-stage', target, actor);

    const drift = plan.risks.find((risk) => risk.kind === 'iac-drift');
    expect(drift && riskText(drift)).toMatch(/^Stage prod is managed by CloudFormation stack orders-api/);
    expect(applied.outcome === 'applied' && applied.driftAccepted).toMatch(/AWS::ApiGateway::Deployment/);
  });

  it("says the owner is unknown when the API's tags cannot be read, and still applies", async () => {
    const denied = new RemediationCallError(
      'access-denied',
      'GetRestApi',
      'apigateway:GET was denied.',
      'r-1',
    );
    const ports = fakePorts(healthyAws({ failures: { getRestApiTags: denied } }));
    const remediator = createRemediatorWithPorts(ports);

    const plan = await remediator.plan('enable-logging', target);
    const applied = await remediator.apply('enable-logging', target, actor);

    expect(plan.risks.map(riskText)).toContain(
      "Could not read the API's tags (apigateway:GET was denied.); whether a CloudFormation stack or Terraform manages it (and would revert this) is unknown.",
    );
    expect(applied.outcome).toBe('applied');
    expect(applied).not.toHaveProperty('driftAccepted');
  });

  it('an untagged resource gets no drift warning', async () => {
    const plan = await createRemediatorWithPorts(fakePorts(healthyAws())).plan('enable-logging', target);
    expect(plan.risks.map((risk) => risk.kind)).not.toContain('iac-drift');
  });

  it('an applied fix on a managed resource records the accepted drift; an unmanaged one does not', async () => {
    const managed = fakePorts(
      healthyAws({ endpoints: [endpoint({ privateDnsEnabled: false, tags: STACK_TAGS })] }),
    );
    const plain = fakePorts(healthyAws({ endpoints: [endpoint({ privateDnsEnabled: false })] }));

    const applied = await createRemediatorWithPorts(managed).apply('enable-private-dns', target, actor);
    const unmanaged = await createRemediatorWithPorts(plain).apply('enable-private-dns', target, actor);

    expect(applied.outcome).toBe('applied');
    expect(applied.outcome === 'applied' && applied.driftAccepted).toMatch(
      /^VPC endpoint vpce-\S+ is managed by CloudFormation stack orders-api.*PrivateDnsEnabled: true/,
    );
    expect(unmanaged.outcome === 'applied' && unmanaged).not.toHaveProperty('driftAccepted');
  });
});
