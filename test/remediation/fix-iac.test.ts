// The report gives, in each finding whose fix button acts on a resource infrastructure as code manages, the same
// drift warning and template change as the button's confirm dialog; nothing for unmanaged resources.

import { describe, expect, it } from 'vitest';
import { noCalls } from '../../src/diagnosis/call-counter.js';
import { buildReport, type RanCheck } from '../../src/diagnosis/report.js';
import type { ManagedBy } from '../../src/diagnosis/types.js';
import { withFixCommands } from '../../src/remediation/fix-commands.js';
import { withIacAdvice } from '../../src/remediation/fix-iac.js';
import { loggingOff, privateDnsOff, target } from './report-fixtures.js';

const STACK = { tool: 'cloudformation', stackName: 'orders-api', logicalId: null, stackId: null } as const;
const TERRAFORM = { tool: 'terraform', evidence: 'ManagedBy=terraform', module: 'network' } as const;

const ran: RanCheck[] = [loggingOff, privateDnsOff(['vpce-0a1b2c3d4e5f60718'])];

function report(managedBy?: ManagedBy) {
  const built = buildReport({
    target: { ...target, ...(managedBy ? { managedBy } : {}) },
    ran,
    durationMs: 1,
    awsCalls: noCalls(),
  });
  return withIacAdvice(withFixCommands(built));
}

const byCode = (r: ReturnType<typeof report>, code: string) => r.findings.find((f) => f.code === code);

describe('withIacAdvice', () => {
  it('adds the drift and the CloudFormation/CDK change to the fix and detail of the stage fix', () => {
    const logging = byCode(report({ stage: STACK }), 'EXECUTION_LOGGING_DISABLED');

    expect(logging?.fix).toMatch(
      /Enable execution logging: Stage prod is managed by CloudFormation stack orders-api: this change drifts/,
    );
    expect(logging?.fix).toContain(
      'MethodSettings: [{ResourcePath: "/*", HttpMethod: "*", LoggingLevel: INFO',
    );
    expect(logging?.fix).toContain('CDK: apigateway.RestApi deployOptions');
    expect(logging?.detail).toContain(logging?.fix ?? 'missing');
    // The AWS CLI commands stay, before the template change.
    expect(logging?.fix?.indexOf('aws apigateway update-stage')).toBeLessThan(
      logging?.fix?.indexOf('CloudFormation stack') ?? -1,
    );
  });

  it("falls back on the API's stack for a stage that has no tags of its own", () => {
    const logging = byCode(report({ api: STACK }), 'EXECUTION_LOGGING_DISABLED');
    expect(logging?.fix).toContain('Stage prod is managed by CloudFormation stack orders-api');
  });

  it('gives the Terraform argument for an endpoint Terraform manages, as a guess, and leaves the stage fix alone', () => {
    const r = report({ endpoints: { 'vpce-0a1b2c3d4e5f60718': TERRAFORM } });

    expect(byCode(r, 'PRIVATE_DNS_DISABLED')?.fix).toMatch(
      /VPC endpoint vpce-0a1b2c3d4e5f60718 is managed by Terraform module network \(a guess from the tag ManagedBy=terraform, a convention, not proof\).*aws_vpc_endpoint private_dns_enabled = true/,
    );
    expect(byCode(r, 'EXECUTION_LOGGING_DISABLED')?.fix).not.toMatch(/managed by/);
  });

  it('changes nothing when no resource is managed', () => {
    const plain = withFixCommands(buildReport({ target, ran, durationMs: 1, awsCalls: noCalls() }));
    expect(report()).toEqual(plain);
  });
});
