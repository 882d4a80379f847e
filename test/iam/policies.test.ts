// The IAM policies in iam/ are what a user attaches: they must allow every call the code makes and nothing
// more. The calls are read from the gateways' own source (the SDK commands they import), so adding a call
// without its permission, or dropping one and leaving its permission behind, fails here.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIX_IDS, FIXES } from '../../src/remediation/registry.js';
import { decide, FIX_REQUESTS, NOT_REFUSABLE } from './fix-requests.js';

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

/**
 * Permission-only actions API Gateway authorises beside the HTTP method. The code's only UpdateRestApi (the
 * remediation gateway's) replaces the resource policy, which also needs apigateway:UpdateRestApiPolicy
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html).
 */
const API_GATEWAY_ALSO: Record<string, string> = { UpdateRestApi: 'apigateway:UpdateRestApiPolicy' };

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
        const also = API_GATEWAY_CLIENTS.has(client) ? API_GATEWAY_ALSO[operation] : undefined;
        if (also) actions.add(also);
      }
    }
  }
  return [...actions].sort();
}

/** REST (v1) and HTTP/WebSocket (v2) APIs share one IAM service, `apigateway`, authorised by HTTP method. */
const API_GATEWAY_CLIENTS = new Set(['api-gateway', 'apigatewayv2']);
/**
 * The API Gateway operations with an IAM action of their own instead of the HTTP method: routing rules (2025),
 * per the Service Authorization Reference (apigateway:ListRoutingRules, access level List).
 */
const API_GATEWAY_OWN_ACTIONS = new Set(['ListRoutingRules']);

function iamAction(client: string, operation: string): string {
  if (API_GATEWAY_CLIENTS.has(client) && API_GATEWAY_OWN_ACTIONS.has(operation))
    return `apigateway:${operation}`;
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

/**
 * Every file of src/aws that makes SDK calls, by whose credentials make them. The diagnosis readers also serve
 * the fixes' pre-checks and plans (one implementation per read), so the bot's own role needs exactly their
 * calls; the remediation role exactly the gateway's changes.
 */
const CALLERS = {
  botReads: [
    'src/aws/api-gateway-reader.ts',
    'src/aws/api-gateway-v2-reader.ts',
    'src/aws/ec2-reader.ts',
    'src/aws/logs-reader.ts',
    'src/aws/cloudtrail-reader.ts',
    'src/aws/sts-reader.ts',
    'src/aws/lambda-probe-runner.ts',
    'src/aws/dns-reader.ts',
  ],
  remediationWrites: ['src/aws/remediation-gateway.ts'],
  stateTable: ['src/aws/dynamodb-state-store.ts'],
  /**
   * sts:AssumeRole (the remediation role, and the roles of other accounts) and organizations:ListAccounts: granted
   * by iam/tooling-account-policy.json on the bot's own role (REMEDIATION_ROLE_ARN: see the README's IAM).
   */
  memberAccounts: ['src/aws/role-sessions.ts', 'src/aws/account-directory.ts'],
  /** The person who runs `probe deploy` uses their own credentials: no policy of the bot's. */
  probeDeploy: ['src/aws/probe-deploy-gateway.ts'],
};

describe('IAM policies', () => {
  it('knows who makes the calls of every file in src/aws that makes any', () => {
    // Prepare
    const listed = new Set(Object.values(CALLERS).flat());

    // Act
    const calling = readdirSync('src/aws')
      .map((name) => `src/aws/${name}`)
      .filter((file) => iamActionsCalledBy([file]).length > 0);

    // Assess
    expect(calling.filter((file) => !listed.has(file))).toEqual([]);
    expect([...listed].filter((file) => !calling.includes(file))).toEqual([]);
  });

  it("lets the bot's own role in the tooling account make every call that reaches other accounts", () => {
    // Prepare
    const tooling = JSON.parse(readFileSync('iam/tooling-account-policy.json', 'utf8')) as {
      Statement: { Action: string | string[] }[];
    };
    const allowed = new Set(
      tooling.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])),
    );

    // Act
    const called = iamActionsCalledBy(CALLERS.memberAccounts);

    // Assess
    expect(called).toEqual(['organizations:ListAccounts', 'sts:AssumeRole']);
    expect(called.filter((action) => !allowed.has(action))).toEqual([]);
  });

  it("lets the bot's own role make exactly the read calls of the diagnosis and of the fixes' pre-checks", () => {
    // Act
    const called = iamActionsCalledBy(CALLERS.botReads);

    // Assess
    expect(called).toContain('ec2:DescribeVpcEndpoints');
    expect(called).toEqual(
      expect.arrayContaining([
        'route53resolver:ListResolverRuleAssociations',
        'route53resolver:ListResolverRules',
        'route53resolver:GetResolverRule',
        'route53:ListHostedZonesByVPC',
        'route53:ListResourceRecordSets',
        'route53resolver:ListFirewallRuleGroupAssociations',
        'route53resolver:ListFirewallRules',
        'route53resolver:ListFirewallDomainLists',
        'route53resolver:ListFirewallDomains',
        'apigateway:ListRoutingRules',
      ]),
    );
    expect(allowedActions('iam/diagnosis-policy.json')).toEqual(called);
  });

  it('gives the remediation role the IAM actions the fix registry declares, and the registry the gateway calls', () => {
    // Act
    const declared = [...new Set(FIXES.flatMap((fix) => fix.iamActions))].sort();
    const allowed = allowedActions('iam/remediation-policy.json');

    // Assess
    expect(declared).toContain('ec2:ModifyVpcEndpoint');
    expect(declared.filter((action) => !allowed.includes(action))).toEqual([]);
    expect(declared).toEqual(iamActionsCalledBy(CALLERS.remediationWrites));
  });

  it('gives the state table policy exactly the calls of the DynamoDB store', () => {
    // Act
    const called = iamActionsCalledBy(CALLERS.stateTable);

    // Assess
    expect(called).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(allowedActions('iam/state-table-policy.json')).toEqual(called);
  });

  it('lets the bot list HTTP and WebSocket APIs (GET /apis) for the private-DNS plan when a reader calls GetApis', () => {
    // Prepare
    const source = readFileSync('src/aws/api-gateway-v2-reader.ts', 'utf8');

    // Act
    const callsGetApis = source.includes('new GetApisCommand(');

    // Assess
    expect(callsGetApis).toBe(true);
    expect(allowedResources('iam/diagnosis-policy.json', 'apigateway:GET')).toContain(
      'arn:aws:apigateway:*::/apis',
    );
  });

  it("lets the bot list a custom domain's routing rules, on domains of any account id in the ARN", () => {
    // Act
    const resources = allowedResources('iam/diagnosis-policy.json', 'apigateway:ListRoutingRules');

    // Assess: a routing rule's ARN carries the account (arn:aws:apigateway:{region}:{account}:/domainnames/…).
    expect(resources).toEqual(['arn:aws:apigateway:*:*:/domainnames/*']);
  });
});

describe('iam/remediation-policy.json, request by request', () => {
  const policy: unknown = JSON.parse(readFileSync('iam/remediation-policy.json', 'utf8'));

  it.each(FIXES.map((fix) => [fix.id, fix] as const))(
    '%s: the request table lists what it sends, with exactly the IAM actions it declares',
    (id, fix) => {
      // Act
      const requests = FIX_REQUESTS[id];

      // Assess
      expect(requests, `test/iam/fix-requests.ts lists no requests for ${id}`).toBeDefined();
      expect([...new Set(requests?.makes.map((r) => r.action))].sort()).toEqual([...fix.iamActions].sort());
    },
  );

  it.each(Object.entries(FIX_REQUESTS))(
    '%s: every request it makes is allowed, and what it must not do is refused',
    (_id, requests) => {
      // Act
      const made = requests.makes.map((request) => [request.why, decide(policy, request).decision]);
      const refused = requests.refused.map((request) => [request.why, decide(policy, request).decision]);

      // Assess
      expect(made).toEqual(requests.makes.map((request) => [request.why, 'allow']));
      expect(refused.length).toBeGreaterThan(0);
      expect(refused).toEqual(requests.refused.map((request) => [request.why, 'implicit-deny']));
    },
  );

  it('lists the requests of exactly the fixes of the registry', () => {
    // Assess
    expect(Object.keys(FIX_REQUESTS).sort()).toEqual([...FIX_IDS].sort());
  });

  it('grants nothing the fixes do not ask for: every action serves a request, every statement decides one', () => {
    // Act
    const requests = Object.values(FIX_REQUESTS).flatMap((fix) => fix.makes);
    const deciding = new Set(requests.map((request) => decide(policy, request).sid));
    const statements = (policy as { Statement: { Sid?: string }[] }).Statement;

    // Assess
    expect(allowedActions('iam/remediation-policy.json')).toEqual(
      [...new Set(requests.map((request) => request.action))].sort(),
    );
    expect(statements.map((statement) => statement.Sid).filter((sid) => !deciding.has(sid ?? null))).toEqual(
      [],
    );
  });

  it('changes the resource policy only of an API that opted in, and of no child of it', () => {
    // Act
    const statement = (
      policy as { Statement: { Sid?: string; Resource?: unknown; Condition?: unknown }[] }
    ).Statement.find((s) => s.Sid === 'AllowEndpointInResourcePolicy');

    // Assess: `?` is one character, and a REST API id is ten (src/command/formats.ts), so the ARN is the API's
    // own and never a child's (methods and integrations inherit the API's tags).
    expect(statement).toMatchObject({
      Resource: 'arn:aws:apigateway:*::/restapis/??????????',
      Condition: { StringEquals: { 'aws:ResourceTag/apigw-diagnose:policy-fix': 'allowed' } },
    });
  });

  it('still lets ModifyVpcEndpoint reach any endpoint: EC2 offers no key to tell them apart (docs/iam.md)', () => {
    // Assess: if this fails, a condition now narrows it; say so in docs/iam.md and move the request to refused.
    for (const request of NOT_REFUSABLE) expect(decide(policy, request).decision, request.why).toBe('allow');
  });
});
