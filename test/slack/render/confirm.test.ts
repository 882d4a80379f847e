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

describe('confirmText', () => {
  it('names the public APIs the private-DNS fix cuts off and counts the rest instead of cutting a name', () => {
    const text = confirmText({
      fix: 'enable-private-dns',
      plan: {
        fix: 'enable-private-dns',
        change:
          'Turn on private DNS for VPC endpoint vpce-0abc1234def567890, so that a1b2c3d4e5.execute-api.us-east-1.amazonaws.com resolves to the endpoint inside vpc-0f3a9c2e71d4b5a68.',
        risks: [
          PUBLIC_APIS,
          {
            kind: 'note',
            text: 'Public APIs of other accounts are shadowed the same way: every name resolves here.',
          },
        ],
      },
    });

    expect(text.length).toBeLessThanOrEqual(300);
    expect(text).toMatch(/^Turn on private DNS for VPC endpoint vpce-0abc1234def567890\.\n/);
    expect(text).toContain('orders-0 (REST API abc1234560), orders-1 (REST API abc1234561)');
    expect(text).toMatch(/and 4[0-9] more\./);
    expect(text).not.toContain('…');
  });

  it('keeps the redeploy dialog to what ships and which deployment a roll-back returns to', () => {
    const text = confirmText({
      fix: 'redeploy-stage',
      plan: {
        fix: 'redeploy-stage',
        change: 'Create a new deployment of API o1xiwzlmr7 and point stage prod at it.',
        risks: [
          { kind: 'ships-pending-changes', apiId: 'o1xiwzlmr7', sinceDeploymentId: 'ytmsnxgsgc' },
          {
            kind: 'rollback',
            deploymentId: 'ytmsnxgsgc',
            command:
              'aws apigateway update-stage --region us-east-1 --rest-api-id o1xiwzlmr7 --stage-name prod --patch-operations op=replace,path=/deploymentId,value=ytmsnxgsgc',
          },
          { kind: 'note', text: 'API Gateway accepts one deployment every 5 seconds per account.' },
        ],
      },
    });

    expect(text.length).toBeLessThanOrEqual(300);
    expect(text).toContain('ships, not only the resource policy.');
    expect(text).toContain('Roll back by pointing the stage at deployment ytmsnxgsgc');
    expect(text).not.toContain('…');
  });

  it('always shows the first risk, cut if it must be, because it is the one that matters most', () => {
    const text = confirmText({
      fix: 'enable-logging',
      plan: {
        fix: 'enable-logging',
        change: 'Stage prod logs at INFO.',
        risks: [{ kind: 'will-be-refused', reason: 'x'.repeat(600) }],
      },
    });

    expect(text.length).toBeLessThanOrEqual(300);
    expect(text).toContain('Will be refused');
  });
});
