// The IAM policies in iam/ are what a user attaches: they must allow every call the code makes and nothing
// more. The calls are read from the gateways' own source (the SDK commands they import), so adding a call
// without its permission, or dropping one and leaving its permission behind, fails here.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXES } from '../../src/remediation/registry.js';

interface PolicyDocument {
  Statement: { Effect: string; Action: string | string[]; Resource?: string | string[] }[];
}

/** API Gateway authorises by HTTP method; the other services by operation name. */
const API_GATEWAY_METHODS: Record<string, string> = {
  Get: 'GET',
  Create: 'POST',
  Update: 'PATCH',
  Delete: 'DELETE',
};
/** SDK client package → IAM service prefix, where they differ. */
const SERVICE_PREFIXES: Record<string, string> = { 'cloudwatch-logs': 'logs', 'route-53': 'route53' };
const ACTION_NAMES: Record<string, string> = { 'lambda:Invoke': 'lambda:InvokeFunction' };

function iamActionsCalledBy(files: string[]): string[] {
  const actions = new Set<string>();
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const [, names = '', client = ''] of source.matchAll(
      /import\s*{([^}]*)}\s*from\s*'@aws-sdk\/client-([\w-]+)'/g,
    )) {
      for (const [, operation = ''] of names.matchAll(/\b(\w+)Command\b/g)) {
        if (!source.includes(`new ${operation}Command(`)) continue;
        actions.add(iamAction(client, operation));
      }
    }
  }
  return [...actions].sort();
}

/** REST (v1) and HTTP/WebSocket (v2) APIs share one IAM service, `apigateway`, authorised by HTTP method. */
const API_GATEWAY_CLIENTS = new Set(['api-gateway', 'apigatewayv2']);

function iamAction(client: string, operation: string): string {
  if (API_GATEWAY_CLIENTS.has(client)) {
    const verb = Object.keys(API_GATEWAY_METHODS).find((prefix) => operation.startsWith(prefix));
    if (verb === undefined) throw new Error(`no HTTP method known for API Gateway ${operation}`);
    return `apigateway:${API_GATEWAY_METHODS[verb]}`;
  }
  const service = SERVICE_PREFIXES[client] ?? client;
  const action = `${service}:${operation}`;
  return ACTION_NAMES[action] ?? action;
}

/** The resources an Allow statement grants this action on. */
function allowedResources(path: string, action: string): string[] {
  const policy = JSON.parse(readFileSync(path, 'utf8')) as PolicyDocument;
  return policy.Statement.filter(
    (s) => s.Effect === 'Allow' && (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action),
  ).flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : s.Resource ? [s.Resource] : []));
}

function allowedActions(path: string): string[] {
  const policy = JSON.parse(readFileSync(path, 'utf8')) as PolicyDocument;
  const actions = policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) =>
    Array.isArray(s.Action) ? s.Action : [s.Action],
  );
  return [...new Set(actions)].sort();
}

/** The remediation gateway reads on the bot's own credentials and writes with the remediation role. */
function isRead(action: string): boolean {
  return action === 'apigateway:GET' || /^ec2:Describe/.test(action);
}

describe('IAM policies', () => {
  const remediationCalls = iamActionsCalledBy(['src/aws/remediation-gateway.ts']);

  it("lets the bot's own role make exactly the read calls of the diagnosis and of the fixes' pre-checks", () => {
    // Prepare
    const readers = [
      'src/aws/api-gateway-reader.ts',
      'src/aws/ec2-reader.ts',
      'src/aws/logs-reader.ts',
      'src/aws/cloudtrail-reader.ts',
      'src/aws/sts-reader.ts',
      'src/aws/lambda-probe-runner.ts',
      'src/aws/dns-reader.ts',
    ];

    // Act
    const called = [...new Set([...iamActionsCalledBy(readers), ...remediationCalls.filter(isRead)])].sort();

    // Assess
    expect(called).toContain('ec2:DescribeVpcEndpoints');
    expect(called).toEqual(
      expect.arrayContaining([
        'route53resolver:ListResolverRuleAssociations',
        'route53resolver:ListResolverRules',
        'route53resolver:GetResolverRule',
        'route53:ListHostedZonesByVPC',
        'route53resolver:ListFirewallRuleGroupAssociations',
        'route53resolver:ListFirewallRules',
        'route53resolver:ListFirewallDomainLists',
        'route53resolver:ListFirewallDomains',
      ]),
    );
    expect(allowedActions('iam/diagnosis-policy.json')).toEqual(called);
  });

  it('gives the remediation role exactly the IAM actions the fix registry declares, one fix at a time', () => {
    // Act
    const declared = [...new Set(FIXES.flatMap((fix) => fix.iamActions))].sort();

    // Assess
    expect(declared).toContain('ec2:ModifyVpcEndpoint');
    expect(declared).toEqual(allowedActions('iam/remediation-policy.json'));
    expect(declared).toEqual(remediationCalls.filter((action) => !isRead(action)));
  });

  it('lets the bot list HTTP and WebSocket APIs (GET /apis) for the private-DNS plan when the gateway calls GetApis', () => {
    // Prepare
    const source = readFileSync('src/aws/remediation-gateway.ts', 'utf8');

    // Act
    const callsGetApis = source.includes('new GetApisCommand(');

    // Assess
    expect(callsGetApis).toBe(true);
    expect(allowedResources('iam/diagnosis-policy.json', 'apigateway:GET')).toContain(
      'arn:aws:apigateway:*::/apis',
    );
  });
});
