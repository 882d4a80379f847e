import { describe, expect, it } from 'vitest';
import { renderText, wrap } from '../../src/cli/render-text.js';
import { noCalls } from '../../src/diagnosis/call-counter.js';
import { finding } from '../../src/diagnosis/checks/check.js';
import { buildReport, type RanCheck } from '../../src/diagnosis/report.js';
import {
  firewallBlockFinding,
  forwardRuleFinding,
  otherVpcFinding,
  requestInLogsFinding,
} from '../support/new-layer-findings.js';

const target = {
  apiId: 'a1b2c3d4e5',
  region: 'us-east-1',
  stage: 'prod',
  accountId: null,
  urlForm: 'none' as const,
  vpcId: 'vpc-0a1b2c3d',
  vpcEndpointIds: ['vpce-0a1b2c3d4e5f60718'],
};

const broken = buildReport({
  target,
  durationMs: 412,
  awsCalls: {
    apigateway: 3,
    ec2: 6,
    logs: 1,
    lambda: 0,
    cloudtrail: 0,
    sts: 0,
    route53resolver: 0,
    route53: 0,
  },
  ran: [
    {
      id: 'resource-policy',
      durationMs: 40,
      outcome: {
        status: 'fail',
        findings: [
          finding(
            'POLICY_DENIES_VPCE',
            {
              cause:
                'Statement 1 (Deny, StringNotEquals aws:SourceVpce vpce-0ffffffffffffffff) denies vpce-0a1b2c3d4e5f60718.',
              fix: 'Add the endpoint to the condition, then redeploy the stage: a saved policy does nothing until deployed.',
              resources: ['vpce-0a1b2c3d4e5f60718'],
            },
            {},
          ),
        ],
      },
    },
    {
      id: 'logging-config',
      durationMs: 30,
      outcome: {
        status: 'warn',
        findings: [
          finding(
            'EXECUTION_LOGGING_DISABLED',
            { cause: 'Stage prod logs nothing.', fix: 'Turn it on.', resources: [] },
            {},
          ),
        ],
      },
    },
    {
      id: 'execution-logs',
      durationMs: 0,
      outcome: { status: 'skipped', findings: [], reason: 'logging is off' },
    },
  ],
});

describe('renderText', () => {
  it('puts the verdict on the first line and the primary cause with its fix right under it', () => {
    const lines = renderText(broken, { colour: false }).split('\n');
    expect(lines[0]).toBe('BROKEN  API a1b2c3d4e5 (us-east-1, stage prod, vpc-0a1b2c3d)');
    expect(lines[1]).toContain('Primary cause: POLICY_DENIES_VPCE');
    expect(lines.slice(2, 6).join(' ')).toContain('redeploy the stage');
    // Redeploying would ship the same denying policy: the report offers no button for POLICY_DENIES_VPCE.
    expect(lines.join('\n')).not.toContain('One-click fix in Slack');
  });

  it('keeps every line within 80 columns, except a command to copy, which stays whole on its own line', () => {
    for (const line of renderText(broken, { colour: false }).split('\n')) {
      if (!line.includes('`')) expect(line.length).toBeLessThanOrEqual(80);
    }
  });

  it('uses ANSI colour only when asked to', () => {
    expect(renderText(broken, { colour: false })).not.toContain('\u001b[');
    expect(renderText(broken, { colour: true })).toContain('\u001b[31mBROKEN');
  });

  it('says why a skipped check did not run', () => {
    expect(renderText(broken, { colour: false })).toMatch(/skip execution-logs\s+logging is off/);
  });
});

describe('wrap', () => {
  it('breaks long text on word boundaries and indents continuation lines', () => {
    const lines = wrap('word '.repeat(40).trim(), '  ', '');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(lines[1]?.startsWith('  word')).toBe(true);
  });
});

describe('copyable text in the terminal', () => {
  const command =
    '`aws apigateway update-stage --rest-api-id a1b2c3d4e5 --stage-name prod --patch-operations op=replace,path=/*/*/logging/loglevel,value=INFO`';

  it.each<[string, string]>([
    ['a long command', `Turn it on: ${command}. Then re-run.`],
    ['a command at the start', `${command} turns it on.`],
    [
      'an ARN with wildcards',
      'Resource `arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/GET/*` is denied.',
    ],
  ])('never breaks %s across lines, nor changes a character of it', (_name, text) => {
    const lines = wrap(text, '  ');
    const span = /`[^`]+`/.exec(text)?.[0] ?? '';

    expect(lines.some((line) => line.includes(span))).toBe(true);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain(span);
  });

  it('prints the POLICY_DENIES_VPCE fix with the commands whole', () => {
    const findingText = {
      cause: 'The resource policy denies the caller.',
      fix:
        'Edit Statement[1] of the resource policy: add `vpce-0a1b2c3d4e5f60718` to its `aws:SourceVpce` values in its condition. ' +
        'Then redeploy the stage, or run `aws apigateway create-deployment --rest-api-id a1b2c3d4e5 --region us-east-1 --stage-name prod`: saving the policy alone changes nothing.',
      resources: [],
    };
    const report = buildReport({
      target,
      durationMs: 1,
      awsCalls: noCalls(),
      ran: [
        {
          id: 'resource-policy',
          durationMs: 1,
          outcome: { status: 'fail', findings: [finding('POLICY_DENIES_VPCE', findingText, {})] },
        },
      ],
    });

    const text = renderText(report, { colour: false });

    expect(text).toContain(
      '`aws apigateway create-deployment --rest-api-id a1b2c3d4e5 --region us-east-1 --stage-name prod`',
    );
    expect(text).not.toContain('One-click fix in Slack');
  });
});

describe('renderText: DNS Firewall', () => {
  it('puts the blocking rule first, with the fix commands on single lines', () => {
    // Prepare
    const report = buildReport({
      target,
      durationMs: 300,
      awsCalls: {
        apigateway: 3,
        ec2: 6,
        logs: 1,
        lambda: 0,
        cloudtrail: 1,
        sts: 1,
        route53resolver: 5,
        route53: 1,
      },
      ran: [
        {
          id: 'dns-firewall',
          durationMs: 1,
          outcome: { status: 'fail', findings: [firewallBlockFinding()] },
        },
      ],
    });

    // Act
    const text = renderText(report, { colour: false });

    // Assess
    expect(text.split('\n')[1]).toContain('Primary cause: DNS_FIREWALL_BLOCKS');
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('block-everything-else (priority 900)');
    expect(flat).toContain('rslvr-frg-0123456789abcdef');
    expect(text).toContain("--operation ADD --domains '*.execute-api.us-east-1.amazonaws.com'");
    expect(flat).not.toContain('REMOVE');
  });
});

describe('renderText: DNS layer, other-VPC caller and the probe request in the logs', () => {
  it('names the forwarding rule, the remote endpoint and the refusing log line', () => {
    // Prepare
    const report = buildReport({
      target,
      durationMs: 300,
      awsCalls: {
        apigateway: 3,
        ec2: 6,
        logs: 2,
        lambda: 2,
        cloudtrail: 1,
        sts: 1,
        route53resolver: 2,
        route53: 1,
      },
      ran: [
        { id: 'vpc-endpoint', durationMs: 1, outcome: { status: 'fail', findings: [otherVpcFinding()] } },
        { id: 'dns-rules', durationMs: 1, outcome: { status: 'fail', findings: [forwardRuleFinding()] } },
        {
          id: 'probe-request-logs',
          durationMs: 1,
          outcome: { status: 'pass', findings: [requestInLogsFinding()] },
        },
      ],
    });

    // Act
    const text = renderText(report, { colour: false });

    // Assess
    expect(text.split('\n')[1]).toContain('Primary cause: ENDPOINT_IN_OTHER_VPC');
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('DNS_RESOLVER_RULE_FORWARDS');
    expect(flat).toContain('rslvr-rr-0123456789abcdef0');
    expect(flat).toContain('PROBE_REQUEST_IN_LOGS');
    expect(flat).toContain('was refused by the resource policy');
    expect(flat).toContain('route53resolver 2, route53 1');
  });
});

describe('renderText: the fix, skipped checks and the healthy headline', () => {
  const skipped = (id: 'dns-rules' | 'route' | 'endpoint-policy', reason: string): RanCheck => ({
    id,
    durationMs: 0,
    outcome: { status: 'skipped', findings: [], reason },
  });
  const passed: RanCheck = { id: 'api', durationMs: 1, outcome: { status: 'pass', findings: [] } };
  const build = (ran: RanCheck[]) => buildReport({ target, durationMs: 1, awsCalls: noCalls(), ran });

  it('labels the fix of the primary cause and of every other finding "Fix:"', () => {
    const text = renderText(broken, { colour: false });

    expect(text).toMatch(/^ {2}Fix: Add the endpoint to the condition/m);
    expect(text).toMatch(/^ {8}Fix: Turn it on\.$/m);
  });

  it('puts checks skipped for the same reason on one line, naming each of them', () => {
    const text = renderText(
      build([
        passed,
        skipped('dns-rules', 'the API does not exist'),
        skipped('route', 'the API does not exist'),
        skipped('endpoint-policy', 'no endpoint was found'),
      ]),
      { colour: false },
    );

    expect(text).toContain('skip 2 checks: the API does not exist\n     dns-rules, route\n');
    expect(text).toMatch(/skip endpoint-policy\s+no endpoint was found/);
    expect(text.match(/^skip/gm)).toHaveLength(2);
  });

  it('does not say every check passed when some were skipped', () => {
    const withSkips = renderText(build([passed, skipped('dns-rules', 'x'), skipped('route', 'y')]), {
      colour: false,
    });
    const allPassed = renderText(build([passed]), { colour: false });

    expect(withSkips).toContain('No check failed; 2 skipped');
    expect(withSkips).not.toMatch(/every check/i);
    expect(allPassed).toContain('Every check passed');
  });
});
