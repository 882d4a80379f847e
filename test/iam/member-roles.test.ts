// The multi-account IAM artefacts: the member-account roles (a StackSet template), the organization discovery
// role and the policy of the bot's own role in the tooling account. The member roles must carry exactly the
// single-account policies (test/iam/policies.test.ts keeps those equal to the code's SDK calls), trust only the
// bot's role, and have the names the bot assumes by default; the bot's policy may assume those roles and no other.
// The templates are read with a plain YAML parser and resolved here (Ref, Fn::If, Fn::Sub, conditions) for
// several parameter sets, so what IAM would receive is checked, not only the template's shape.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { decide, FIX_REQUESTS, OPT_IN_TAG, OPTED_IN_API, OTHER_API, restApiArn } from './fix-requests.js';

/** The role names the bot assumes when APIGW_DIAGNOSE_ROLE / APIGW_DIAGNOSE_REMEDIATION_ROLE are not set. */
const READ_ROLE = 'apigw-diagnose-read';
const REMEDIATION_ROLE = 'apigw-diagnose-remediate';
/** The role named in APIGW_DIAGNOSE_ORG_ROLE_ARN, in the management or delegated-admin account. */
const ORG_READ_ROLE = 'apigw-diagnose-org-read';

const MEMBER_TEMPLATE = 'iam/member-account-roles.yaml';
const ORG_TEMPLATE = 'iam/org-discovery-role.yaml';
const TOOLING_POLICY = 'iam/tooling-account-policy.json';

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: unknown;
}

interface PolicyDocument {
  Version: string;
  Statement: Statement[];
}

interface RoleProperties {
  RoleName: string;
  MaxSessionDuration: number;
  AssumeRolePolicyDocument: PolicyDocument;
  Policies: { PolicyName: string; PolicyDocument: PolicyDocument }[];
  ManagedPolicyArns?: unknown;
  PermissionsBoundary?: unknown;
}

interface Template {
  Parameters: Record<string, { Type: string; Default?: string; AllowedValues?: string[] }>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: RoleProperties }>;
  Outputs: Record<string, { Condition?: string; Value: unknown }>;
}

function readTemplate(path: string): Template {
  return parse(readFileSync(path, 'utf8')) as Template;
}

function readPolicy(path: string): PolicyDocument {
  return JSON.parse(readFileSync(path, 'utf8')) as PolicyDocument;
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

// --- A small CloudFormation resolver: enough of the intrinsic functions for these templates. ---

const NO_VALUE = Symbol('AWS::NoValue');
const TEST_ACCOUNT = '999988887777';
const TOOLING_ACCOUNT = '111122223333';
const BOT_ROLE_NAME = 'apigw-diagnose-bot';
const BOT_ROLE_ARN = `arn:aws:iam::${TOOLING_ACCOUNT}:role/${BOT_ROLE_NAME}`;

type Parameters = Record<string, string>;

class Resolver {
  private readonly values: Record<string, string>;

  constructor(
    private readonly template: Template,
    given: Parameters,
  ) {
    const defaults = Object.fromEntries(
      Object.entries(template.Parameters).flatMap(([name, p]) =>
        p.Default === undefined ? [] : [[name, p.Default]],
      ),
    );
    for (const name of Object.keys(given)) {
      if (!(name in template.Parameters)) throw new Error(`${name} is not a parameter of the template`);
    }
    this.values = { ...defaults, ...given, 'AWS::Partition': 'aws', 'AWS::AccountId': TEST_ACCOUNT };
    for (const name of Object.keys(template.Parameters)) {
      if (this.values[name] === undefined) throw new Error(`parameter ${name} has no default: give it`);
    }
  }

  private ref(name: string): string {
    const value = this.values[name];
    if (value === undefined) throw new Error(`Ref to unknown ${name}`);
    return value;
  }

  condition(name: string): boolean {
    const expression = this.template.Conditions[name];
    if (expression === undefined) throw new Error(`unknown condition ${name}`);
    return this.truth(expression);
  }

  private truth(expression: unknown): boolean {
    const [fn, arg] = single(expression);
    const args = arg as unknown[];
    switch (fn) {
      case 'Condition':
        return this.condition(arg as string);
      case 'Fn::Equals':
        return this.resolve(args[0]) === this.resolve(args[1]);
      case 'Fn::Not':
        return !this.truth(args[0]);
      case 'Fn::Or':
        return args.some((a) => this.truth(a));
      case 'Fn::And':
        return args.every((a) => this.truth(a));
      default:
        throw new Error(`not a condition function: ${fn}`);
    }
  }

  resolve(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((n) => this.resolve(n)).filter((n) => n !== NO_VALUE);
    if (node === null || typeof node !== 'object') return node;
    const entries = Object.entries(node);
    const [key, arg] = entries[0] ?? [];
    if (entries.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::'))) {
      switch (key) {
        case 'Ref':
          return arg === 'AWS::NoValue' ? NO_VALUE : this.ref(arg as string);
        case 'Fn::If': {
          const [name, whenTrue, whenFalse] = arg as [string, unknown, unknown];
          return this.resolve(this.condition(name) ? whenTrue : whenFalse);
        }
        case 'Fn::Sub':
          return (arg as string).replace(/\$\{([\w:]+)\}/g, (_, name: string) => this.ref(name));
        case 'Fn::GetAtt':
          return `<${(arg as string[]).join('.')}>`;
        case 'Fn::Join': {
          const [delimiter, values] = arg as [string, unknown];
          return (this.resolve(values) as string[]).join(delimiter);
        }
        case 'Fn::Split': {
          const [delimiter, value] = arg as [string, unknown];
          return (this.resolve(value) as string).split(delimiter);
        }
        default:
          throw new Error(`the test resolver does not know ${key}`);
      }
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const resolved = this.resolve(v);
      if (resolved !== NO_VALUE) out[k] = resolved;
    }
    return out;
  }

  /** The roles CloudFormation would create, by logical id, with every intrinsic resolved. */
  roles(): Record<string, RoleProperties> {
    return Object.fromEntries(
      Object.entries(this.template.Resources)
        .filter(([, resource]) => resource.Condition === undefined || this.condition(resource.Condition))
        .map(([id, resource]) => [id, this.resolve(resource.Properties) as RoleProperties]),
    );
  }

  outputs(): string[] {
    return Object.entries(this.template.Outputs)
      .filter(([, output]) => output.Condition === undefined || this.condition(output.Condition))
      .map(([name]) => name);
  }
}

function single(expression: unknown): [string, unknown] {
  if (expression === null || typeof expression !== 'object') throw new Error('not an intrinsic function');
  const entries = Object.entries(expression);
  const [entry] = entries;
  if (entries.length !== 1 || entry === undefined) throw new Error('not an intrinsic function');
  return entry;
}

/** Every string anywhere in a value (keys excluded). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Parameter sets covering each trust option on its own and together. */
const TRUST_CASES: { name: string; params: Parameters; condition: Record<string, string> | null }[] = [
  { name: 'no external id, no organization', params: {}, condition: null },
  { name: 'an external id', params: { ExternalId: 'ext-42' }, condition: { 'sts:ExternalId': 'ext-42' } },
  {
    name: 'an organization',
    params: { OrganizationId: 'o-abcdefghij' },
    condition: { 'aws:PrincipalOrgID': 'o-abcdefghij' },
  },
  {
    name: 'both',
    params: { ExternalId: 'ext-42', OrganizationId: 'o-abcdefghij' },
    condition: { 'sts:ExternalId': 'ext-42', 'aws:PrincipalOrgID': 'o-abcdefghij' },
  },
];

const BOT = { ToolingAccountId: TOOLING_ACCOUNT, BotRoleName: BOT_ROLE_NAME };
/** The only actions a trust policy here may allow. */
const TRUST_ACTIONS = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'];

/** The trust conditions as written: each key under the Fn::If of its own parameter. */
const WRITTEN_TRUST_CONDITION = {
  'Fn::If': [
    'HasTrustCondition',
    {
      StringEquals: {
        'sts:ExternalId': { 'Fn::If': ['HasExternalId', { Ref: 'ExternalId' }, { Ref: 'AWS::NoValue' }] },
        'aws:PrincipalOrgID': {
          'Fn::If': ['HasOrganizationId', { Ref: 'OrganizationId' }, { Ref: 'AWS::NoValue' }],
        },
      },
    },
    { Ref: 'AWS::NoValue' },
  ],
};

const WRITTEN_CONDITIONS = {
  HasExternalId: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ExternalId' }, ''] }] },
  HasOrganizationId: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'OrganizationId' }, ''] }] },
  HasTrustCondition: { 'Fn::Or': [{ Condition: 'HasExternalId' }, { Condition: 'HasOrganizationId' }] },
  HasBotRoleArn: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'BotRoleArn' }, ''] }] },
};

describe('the CloudFormation templates in iam/', () => {
  it.each([MEMBER_TEMPLATE, ORG_TEMPLATE])('%s is plain YAML: long-form intrinsics only', (path) => {
    // Prepare
    const source = readFileSync(path, 'utf8');

    // Act
    const document = parseDocument(source);

    // Assess: a short-form tag (!Sub, !If, …) is an unknown tag to a plain parser, reported as a warning.
    expect(document.errors).toEqual([]);
    expect(document.warnings).toEqual([]);
    expect(source).not.toMatch(/(^|[\s[{,])!\w/m);
    expect(Object.keys(readTemplate(path).Resources).length).toBeGreaterThan(0);
  });
});

describe('iam/member-account-roles.yaml', () => {
  const template = readTemplate(MEMBER_TEMPLATE);

  it.each([
    ['read', 'ReadRole', READ_ROLE, 'iam/diagnosis-policy.json'],
    ['remediation', 'RemediationRole', REMEDIATION_ROLE, 'iam/remediation-policy.json'],
  ] as const)(
    'gives the %s role exactly the statements of its policy file, inline and nothing else',
    (_kind, resource, roleName, file) => {
      // Prepare
      const policy = readPolicy(file);

      // Act
      const role = new Resolver(template, BOT).roles()[resource];

      // Assess
      expect(role?.RoleName).toBe(roleName);
      expect(role?.Policies).toHaveLength(1);
      expect(role?.Policies[0]?.PolicyDocument.Statement).toEqual(policy.Statement);
      expect(role?.Policies[0]?.PolicyDocument.Version).toBe(policy.Version);
      expect(role?.ManagedPolicyArns).toBeUndefined();
      // Written verbatim, not built by intrinsics: the template as read starts with the policy's statements; the
      // remediation role's only addition is the optional statement of PolicyFixApiIds.
      const written = template.Resources[resource]?.Properties.Policies[0]?.PolicyDocument.Statement ?? [];
      expect(written.slice(0, policy.Statement.length)).toEqual(policy.Statement);
      expect(
        written.slice(policy.Statement.length).map((s) => (s as { 'Fn::If'?: unknown[] })['Fn::If']?.[0]),
      ).toEqual(resource === 'RemediationRole' ? ['HasPolicyFixApiIds'] : []);
    },
  );

  it('lets the remediation role make every request of every fix, and refuses the rest, as deployed', () => {
    // Prepare: what IAM receives, with and without API ids listed.
    const deployed = [BOT, { ...BOT, PolicyFixApiIds: 'k1l2m3n4o5' }].map(
      (params: Parameters) =>
        new Resolver(template, params).roles().RemediationRole?.Policies[0]?.PolicyDocument,
    );

    // Act
    const decisions = deployed.map((policy) =>
      Object.values(FIX_REQUESTS).map(({ makes, refused }) => ({
        makes: makes.map((request) => decide(policy, request).decision),
        refused: refused.map((request) => decide(policy, request).decision),
      })),
    );

    // Assess
    for (const byFix of decisions) {
      for (const { makes, refused } of byFix) {
        expect(makes).toEqual(makes.map(() => 'allow'));
        expect(refused).toEqual(refused.map(() => 'implicit-deny'));
      }
    }
  });

  it('with PolicyFixApiIds, also lets the fix update the resource policy of exactly those APIs, tagged or not', () => {
    // Prepare
    const listed = 'k1l2m3n4o5';
    const policyOf = (ids: string) =>
      new Resolver(template, { ...BOT, ...(ids ? { PolicyFixApiIds: ids } : {}) }).roles().RemediationRole
        ?.Policies[0]?.PolicyDocument;
    const update = (apiId: string, resource = restApiArn(apiId)) => ({
      why: `UpdateRestApiPolicy on ${resource}`,
      action: 'apigateway:UpdateRestApiPolicy',
      resource,
      context: {},
    });

    // Act
    const withIds = policyOf(`${listed},${OTHER_API}`);
    const without = policyOf('');

    // Assess
    expect(template.Parameters.PolicyFixApiIds).toMatchObject({ Default: '' });
    expect(withIds?.Statement.at(-1)).toEqual({
      Sid: 'AllowEndpointInResourcePolicyOfListedApis',
      Effect: 'Allow',
      Action: ['apigateway:PATCH', 'apigateway:UpdateRestApiPolicy'],
      Resource: [`arn:aws:apigateway:*::/restapis/${listed}`, `arn:aws:apigateway:*::/restapis/${OTHER_API}`],
    });
    expect(decide(withIds, update(listed)).decision).toBe('allow');
    expect(decide(withIds, update(OTHER_API)).decision).toBe('allow');
    expect(decide(withIds, update('q1w2e3r4t5')).decision).toBe('implicit-deny');
    expect(
      decide(withIds, update(listed, `${restApiArn(listed)}/resources/abc123/methods/GET`)).decision,
    ).toBe('implicit-deny');
    expect(decide(without, update(listed)).decision).toBe('implicit-deny');
    expect(decide(without, { ...update(OPTED_IN_API), context: OPT_IN_TAG }).decision).toBe('allow');
  });

  it('creates the remediation role by default and leaves it out with CreateRemediationRole=false', () => {
    // Act
    const byDefault = new Resolver(template, BOT);
    const readOnly = new Resolver(template, { ...BOT, CreateRemediationRole: 'false' });

    // Assess
    expect(template.Parameters.CreateRemediationRole).toMatchObject({
      Default: 'true',
      AllowedValues: ['true', 'false'],
    });
    expect(Object.keys(byDefault.roles()).sort()).toEqual(['ReadRole', 'RemediationRole']);
    expect(byDefault.outputs().sort()).toEqual(['ReadRoleArn', 'RemediationRoleArn']);
    expect(Object.keys(readOnly.roles())).toEqual(['ReadRole']);
    expect(readOnly.outputs()).toEqual(['ReadRoleArn']);
    expect(template.Outputs.ReadRoleArn?.Value).toEqual({ 'Fn::GetAtt': ['ReadRole', 'Arn'] });
    expect(template.Outputs.RemediationRoleArn?.Value).toEqual({ 'Fn::GetAtt': ['RemediationRole', 'Arn'] });
  });

  it('caps both role sessions at one hour', () => {
    // Act
    const roles = Object.values(new Resolver(template, BOT).roles());

    // Assess
    expect(roles.map((role) => role.MaxSessionDuration)).toEqual([3600, 3600]);
  });

  it('writes the external id and organization conditions each under the Fn::If of its own parameter', () => {
    // Act
    const trust = (id: string) => template.Resources[id]?.Properties.AssumeRolePolicyDocument.Statement;

    // Assess
    expect(template.Conditions).toMatchObject(WRITTEN_CONDITIONS);
    expect(trust('ReadRole')?.[0]?.Condition).toEqual(WRITTEN_TRUST_CONDITION);
    expect(trust('RemediationRole')?.[0]?.Condition).toEqual(WRITTEN_TRUST_CONDITION);
    expect(trust('RemediationRole')?.[1]?.Condition).toEqual({
      'Fn::If': [
        'HasOrganizationId',
        { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrganizationId' } } },
        { Ref: 'AWS::NoValue' },
      ],
    });
  });

  it.each(TRUST_CASES)('lets only the bot role assume the read role, with $name', ({ params, condition }) => {
    // Act
    const role = new Resolver(template, { ...BOT, ...params }).roles().ReadRole;

    // Assess
    expect(role?.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TheBotOnly',
          Effect: 'Allow',
          Principal: { AWS: BOT_ROLE_ARN },
          Action: 'sts:AssumeRole',
          ...(condition ? { Condition: { StringEquals: condition } } : {}),
        },
      ],
    });
  });

  it.each(TRUST_CASES)(
    'lets only the bot role assume the remediation role and record the clicking user, with $name',
    ({ params, condition }) => {
      // Act
      const role = new Resolver(template, { ...BOT, ...params }).roles().RemediationRole;

      // Assess: SetSourceIdentity and TagSession are evaluated inside that same AssumeRole, which still needs
      // the first statement; the organization condition applies to them too.
      const orgId = condition?.['aws:PrincipalOrgID'];
      expect(role?.AssumeRolePolicyDocument).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'TheBotOnly',
            Effect: 'Allow',
            Principal: { AWS: BOT_ROLE_ARN },
            Action: 'sts:AssumeRole',
            ...(condition ? { Condition: { StringEquals: condition } } : {}),
          },
          {
            Sid: 'TheBotRecordsTheClickingUser',
            Effect: 'Allow',
            Principal: { AWS: BOT_ROLE_ARN },
            Action: ['sts:SetSourceIdentity', 'sts:TagSession'],
            ...(orgId ? { Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } } } : {}),
          },
        ],
      });
    },
  );

  it('takes BotRoleArn over the account and role name, for a bot role with a path', () => {
    // Prepare
    const arn = `arn:aws:iam::${TOOLING_ACCOUNT}:role/bots/apigw-diagnose`;

    // Act
    const roles = new Resolver(template, { ToolingAccountId: TOOLING_ACCOUNT, BotRoleArn: arn }).roles();

    // Assess
    const principals = Object.values(roles).flatMap((role) =>
      role.AssumeRolePolicyDocument.Statement.map((s) => s.Principal),
    );
    expect(principals).toEqual([{ AWS: arn }, { AWS: arn }, { AWS: arn }]);
  });

  it('never trusts anyone but one role: no "*", no account root, no service or federated principal', () => {
    // Prepare
    const parameterSets = TRUST_CASES.flatMap(({ params }) => [
      { ...BOT, ...params },
      { ToolingAccountId: TOOLING_ACCOUNT, BotRoleArn: BOT_ROLE_ARN, ...params },
    ]);

    // Act
    const statements = parameterSets.flatMap((params) =>
      Object.values(new Resolver(template, params).roles()).flatMap(
        (role) => role.AssumeRolePolicyDocument.Statement,
      ),
    );

    // Assess
    expect(statements.length).toBe(parameterSets.length * 3);
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.NotPrincipal).toBeUndefined();
      expect(statement.NotAction).toBeUndefined();
      expect(Object.keys(statement.Principal as object)).toEqual(['AWS']);
      const principals = strings(statement.Principal);
      expect(principals).toEqual([BOT_ROLE_ARN]);
      expect(principals.filter((p) => p.includes('*') || p.endsWith(':root') || /^\d{12}$/.test(p))).toEqual(
        [],
      );
      expect(list(statement.Action).filter((a) => !TRUST_ACTIONS.includes(a))).toEqual([]);
    }
    // Only the remediation role lets the caller record who clicked (source identity, session tags).
    const readRoleTrust = strings(template.Resources.ReadRole?.Properties.AssumeRolePolicyDocument);
    expect(readRoleTrust).not.toContain('sts:TagSession');
    expect(readRoleTrust).not.toContain('sts:SetSourceIdentity');
  });

  it('refuses to deploy without a way to name the bot role (a Rule) and requires the tooling account', () => {
    // Act
    const rules = (parse(readFileSync(MEMBER_TEMPLATE, 'utf8')) as { Rules?: Record<string, unknown> }).Rules;

    // Assess
    expect(template.Parameters.ToolingAccountId?.Default).toBeUndefined();
    expect(template.Parameters.BotRoleName?.Default).toBe('');
    expect(template.Parameters.BotRoleArn?.Default).toBe('');
    expect(rules).toEqual({
      BotRoleIsNamed: {
        Assertions: [
          {
            Assert: {
              'Fn::Not': [
                {
                  'Fn::And': [
                    { 'Fn::Equals': [{ Ref: 'BotRoleArn' }, ''] },
                    { 'Fn::Equals': [{ Ref: 'BotRoleName' }, ''] },
                  ],
                },
              ],
            },
            AssertDescription: "Name the bot's role with BotRoleName (or BotRoleArn).",
          },
        ],
      },
    });
  });
});

describe('iam/org-discovery-role.yaml', () => {
  const template = readTemplate(ORG_TEMPLATE);
  const member = readTemplate(MEMBER_TEMPLATE);

  it('creates apigw-diagnose-org-read, allowed only organizations:ListAccounts, for an hour at most', () => {
    // Act
    const roles = new Resolver(template, BOT).roles();

    // Assess
    expect(Object.keys(roles)).toEqual(['OrgReadRole']);
    const role = roles.OrgReadRole;
    expect(role?.RoleName).toBe(ORG_READ_ROLE);
    expect(role?.MaxSessionDuration).toBe(3600);
    expect(role?.ManagedPolicyArns).toBeUndefined();
    const statements = role?.Policies.flatMap((p) => p.PolicyDocument.Statement) ?? [];
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    expect(statements.flatMap((s) => list(s.Action))).toEqual(['organizations:ListAccounts']);
    expect(statements.flatMap((s) => list(s.Resource))).toEqual(['*']);
    expect(template.Outputs.OrgReadRoleArn?.Value).toEqual({ 'Fn::GetAtt': ['OrgReadRole', 'Arn'] });
  });

  it('trusts the bot role exactly as the member roles do, under the same parameters and conditions', () => {
    // Assess: the same parameters (less the remediation role's) and the same trust, as written and resolved.
    const remediationOnly = [
      'CreateRemediationRole',
      'PolicyFixApiIds',
      'CreateRemediation',
      'HasPolicyFixApiIds',
    ];
    expect(template.Parameters).toEqual(
      Object.fromEntries(
        Object.entries(member.Parameters).filter(([name]) => !remediationOnly.includes(name)),
      ),
    );
    expect(template.Conditions).toEqual(
      Object.fromEntries(
        Object.entries(member.Conditions).filter(([name]) => !remediationOnly.includes(name)),
      ),
    );
    expect(template.Resources.OrgReadRole?.Properties.AssumeRolePolicyDocument).toEqual(
      member.Resources.ReadRole?.Properties.AssumeRolePolicyDocument,
    );
    for (const { params } of TRUST_CASES) {
      const orgRole = new Resolver(template, { ...BOT, ...params }).roles().OrgReadRole;
      const readRole = new Resolver(member, { ...BOT, ...params }).roles().ReadRole;
      expect(orgRole?.AssumeRolePolicyDocument).toEqual(readRole?.AssumeRolePolicyDocument);
    }
  });
});

describe('iam/tooling-account-policy.json', () => {
  const policy = readPolicy(TOOLING_POLICY);
  const statements = policy.Statement;
  const roleArn = (name: string) => `arn:aws:iam::*:role/${name}`;
  const resourcesFor = (action: string) =>
    statements.filter((s) => list(s.Action).includes(action)).flatMap((s) => list(s.Resource));

  it('allows only Allow statements with plain actions and resources (no Not*, no wildcard actions)', () => {
    // Assess
    expect(policy.Version).toBe('2012-10-17');
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.NotAction).toBeUndefined();
      expect(statement.NotResource).toBeUndefined();
      expect(statement.Principal).toBeUndefined();
      expect(list(statement.Action).some((a) => a.includes('*'))).toBe(false);
    }
    expect([...new Set(statements.flatMap((s) => list(s.Action)))].sort()).toEqual([
      'organizations:ListAccounts',
      'sts:AssumeRole',
      'sts:SetSourceIdentity',
      'sts:TagSession',
    ]);
  });

  it('lets the bot assume the read, remediation and org-discovery roles, and no other role', () => {
    // Assess
    expect(resourcesFor('sts:AssumeRole').sort()).toEqual(
      [roleArn(READ_ROLE), roleArn(REMEDIATION_ROLE), roleArn(ORG_READ_ROLE)].sort(),
    );
  });

  it('lets the bot record the clicking user only when it assumes the remediation role', () => {
    // Assess
    expect(resourcesFor('sts:SetSourceIdentity')).toEqual([roleArn(REMEDIATION_ROLE)]);
    expect(resourcesFor('sts:TagSession')).toEqual([roleArn(REMEDIATION_ROLE)]);
  });

  it('gives no sts action a broad resource', () => {
    // Act
    const stsResources = statements
      .filter((s) => list(s.Action).some((a) => a.startsWith('sts:')))
      .flatMap((s) => list(s.Resource));

    // Assess
    expect(stsResources.length).toBeGreaterThan(0);
    for (const resource of stsResources) {
      expect(resource).toMatch(/^arn:aws:iam::\*:role\/apigw-diagnose-(read|remediate|org-read)$/);
    }
  });

  it('keeps organization discovery in statements of its own, each marked optional', () => {
    // Act
    const discovery = statements.filter(
      (s) =>
        list(s.Action).includes('organizations:ListAccounts') ||
        list(s.Resource).includes(roleArn(ORG_READ_ROLE)),
    );

    // Assess
    expect(discovery).toHaveLength(2);
    for (const statement of discovery) {
      expect(statement.Sid).toMatch(/^Optional/);
      expect(list(statement.Resource)).toHaveLength(1);
    }
    expect(discovery.find((s) => list(s.Action).includes('organizations:ListAccounts'))).toMatchObject({
      Action: 'organizations:ListAccounts',
      Resource: '*',
    });
    expect(statements.filter((s) => s.Sid?.startsWith('Optional'))).toEqual(discovery);
  });

  it('names the roles the templates create', () => {
    // Act
    const created = [
      ...Object.values(new Resolver(readTemplate(MEMBER_TEMPLATE), BOT).roles()),
      ...Object.values(new Resolver(readTemplate(ORG_TEMPLATE), BOT).roles()),
    ].map((role) => roleArn(role.RoleName));

    // Assess
    expect(created.sort()).toEqual([...new Set(resourcesFor('sts:AssumeRole'))].sort());
  });
});
