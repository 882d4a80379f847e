import { describe, expect, it } from 'vitest';
import type { Risk } from '../../../src/remediation/risks.js';
import { confirmText } from '../../../src/slack/render/confirm.js';

const PUBLIC_APIS: Risk = {
  kind: 'breaks-public-apis',
  region: 'us-east-1',
  apis: Array.from({ length: 45 }, (_, i) => ({
    name: `orders-${i}`,
    id: `abc123456${i}`,
    kind: 'REST' as const,
  })),
  checked: ['REST', 'HTTP', 'WEBSOCKET'],
};

const OTHER_ACCOUNTS: Risk = {
  kind: 'note',
  text: 'Public APIs of other accounts are shadowed the same way: every *.execute-api.us-east-1.amazonaws.com name resolves to the endpoint from this VPC.',
  short: "Other accounts' public APIs answer 403 from this VPC too.",
};

/** The bullet lines of a dialog: one per risk. */
const bullets = (text: string) => text.split('\n').filter((line) => line.startsWith('• '));

describe('confirmText', () => {
  it('shows a diff whole, as code, and every risk, shortening the sentence and the risks around it', () => {
    const diff = [
      '+ "vpce-0bbb2222bbbb2222b" in aws:SourceVpce of Statement[1] StringNotEquals, Statement[0] StringEquals',
    ];
    const risks: Risk[] = [
      { kind: 'ships-pending-changes', apiId: 'a1b2c3d4e5', sinceDeploymentId: 'abc123' },
      {
        kind: 'iac-drift',
        fix: 'allow-endpoint-in-policy',
        owner: {
          tool: 'cloudformation',
          stackName: 'orders-api-production',
          logicalId: null,
          stackId: null,
        },
        resource: 'API a1b2c3d4e5',
      },
      {
        kind: 'note',
        text: 'API a1b2c3d4e5 lacks the tag apigw-diagnose:policy-fix=allowed: a remediation role built from iam/remediation-policy.json refuses this change (AccessDenied) unless the role lists the API by id.',
        short: 'Untagged API: the shipped IAM policy refuses it.',
      },
    ];
    const text = confirmText({
      fix: 'allow-endpoint-in-policy',
      plan: {
        fix: 'allow-endpoint-in-policy',
        change:
          'Add vpce-0bbb2222bbbb2222b to the resource policy of API a1b2c3d4e5, then redeploy stage production-eu.',
        diff,
        risks,
      },
    });

    expect(text).toContain(`\`${diff[0]}\``);
    expect(bullets(text)).toHaveLength(3);
    expect(text).toMatch(/Untagged API|lacks the tag apigw-diagnose:policy-fix/);
    expect(text).toContain('orders-api-production');
    expect(text).not.toContain('…');
    expect(text.length).toBeLessThanOrEqual(300);
  });

  it('names fewer of a few public APIs rather than none when the dialog is tight', () => {
    // Prepare: two APIs with long names, beside a change sentence that leaves little room.
    const two: Risk = {
      kind: 'breaks-public-apis',
      region: 'us-east-1',
      apis: [
        { name: 'customer-orders-public-gateway-production', id: 'abc1234560', kind: 'REST' },
        { name: 'customer-invoices-public-gateway-production', id: 'abc1234561', kind: 'REST' },
      ],
      checked: ['REST'],
    };

    // Act
    const text = confirmText({
      fix: 'enable-private-dns',
      plan: {
        fix: 'enable-private-dns',
        change:
          'Turn on private DNS for VPC endpoint vpce-0abc1234def567890, so that a1b2c3d4e5.execute-api.us-east-1.amazonaws.com resolves to the endpoint inside vpc-0f3a9c2e71d4b5a68.',
        risks: [two, OTHER_ACCOUNTS],
      },
    });

    // Assess
    expect(text.length).toBeLessThanOrEqual(300);
    expect(text).toContain('customer-orders-public-gateway-production');
  });

  it('shows every risk, shortening the words rather than the list, within 300 characters', () => {
    const text = confirmText({
      fix: 'enable-private-dns',
      plan: {
        fix: 'enable-private-dns',
        change:
          'Turn on private DNS for VPC endpoint vpce-0abc1234def567890, so that a1b2c3d4e5.execute-api.us-east-1.amazonaws.com resolves to the endpoint inside vpc-0f3a9c2e71d4b5a68.',
        risks: [PUBLIC_APIS, OTHER_ACCOUNTS],
      },
    });

    expect(text.length).toBeLessThanOrEqual(300);
    expect(text).toMatch(/^Turn on private DNS for VPC endpoint `vpce-0abc1234def567890`\.\n\*Risks:\*\n/);
    expect(bullets(text)).toHaveLength(2);
    expect(text).toContain('orders-0 (REST API abc1234560)');
    expect(text).toMatch(/and 4[0-9] more\./);
    expect(text).toMatch(/shadowed the same way|403 from this VPC too/);
    expect(text).not.toMatch(/\(\+\d+ more\)|…/);
  });

  it('names the redeploy risk and no roll-back, rate limit or other non-risk', () => {
    const text = confirmText({
      fix: 'redeploy-stage',
      plan: {
        fix: 'redeploy-stage',
        change: 'Create a new deployment of API o1xiwzlmr7 and point stage prod at it.',
        risks: [{ kind: 'ships-pending-changes', apiId: 'o1xiwzlmr7', sinceDeploymentId: 'ytmsnxgsgc' }],
      },
    });

    expect(text).toContain('ships, not only the resource policy');
    expect(bullets(text)).toHaveLength(1);
    expect(text).not.toMatch(/roll|5 seconds|\(\+/i);
  });

  it('says nothing of public APIs when none is affected: that is not a risk', () => {
    const text = confirmText({
      fix: 'enable-private-dns',
      plan: {
        fix: 'enable-private-dns',
        change: 'Turn on private DNS for vpce-1.',
        risks: [
          { kind: 'breaks-public-apis', region: 'us-east-1', apis: [], checked: ['REST'] },
          OTHER_ACCOUNTS,
        ],
      },
    });

    expect(text).not.toContain('No public');
    expect(bullets(text)).toHaveLength(1);
  });

  it('keeps five long risks all visible, each in a shorter form', () => {
    const long = (n: number): Risk => ({
      kind: 'note',
      text: `Side effect number ${n} explained at length: ${'with many words that take room '.repeat(3)}`,
      short: `Side effect ${n}.`,
    });

    const text = confirmText({
      fix: 'enable-logging',
      plan: { fix: 'enable-logging', change: 'Stage prod logs at INFO.', risks: [1, 2, 3, 4, 5].map(long) },
    });

    expect(text.length).toBeLessThanOrEqual(300);
    expect(bullets(text)).toHaveLength(5);
    for (const n of [1, 2, 3, 4, 5]) expect(text).toMatch(new RegExp(`Side effect (number )?${n}`));
  });

  it('always shows a refusal, in its short form when the reason is long', () => {
    const text = confirmText({
      fix: 'enable-logging',
      plan: {
        fix: 'enable-logging',
        change: 'Stage prod logs at INFO.',
        risks: [{ kind: 'will-be-refused', reason: 'x'.repeat(600) }],
      },
    });

    expect(text.length).toBeLessThanOrEqual(300);
    expect(text).toContain('A pre-check will refuse it');
  });
});
