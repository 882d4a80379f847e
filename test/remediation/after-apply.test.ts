import { describe, expect, it } from 'vitest';
import { withAfterApply } from '../../src/remediation/after-apply.js';
import type { FixTarget, Remediator } from '../../src/remediation/types.js';

const TARGET: FixTarget = { apiId: 'a1b2c3d4e5', region: 'us-east-1', stage: 'prod', vpceId: null };
const ACTOR = { userId: 'U0ALLOWED1' };

describe('withAfterApply', () => {
  it('tells after the fix has been applied, with its target', async () => {
    const order: string[] = [];
    const remediator: Remediator = {
      plan: async (fix) => ({ fix, change: 'x', risks: [] }),
      undo: async (fix) => ({ outcome: 'already-done', fix, summary: 'nothing to undo' }),
      apply: async (fix) => {
        order.push('apply');
        return { outcome: 'applied', fix, requestId: 'r', summary: 'done' };
      },
    };
    const wrapped = withAfterApply(remediator, (target) => {
      order.push(`after ${target.apiId}`);
    });

    const result = await wrapped.apply('redeploy-stage', TARGET, ACTOR);

    expect(result.outcome).toBe('applied');
    expect(order).toEqual(['apply', 'after a1b2c3d4e5']);
  });

  it('tells even when the apply throws, and lets the error through', async () => {
    const seen: FixTarget[] = [];
    const remediator: Remediator = {
      plan: async (fix) => ({ fix, change: 'x', risks: [] }),
      undo: async (fix) => ({ outcome: 'already-done', fix, summary: 'nothing to undo' }),
      apply: async () => {
        throw new Error('boom');
      },
    };
    const wrapped = withAfterApply(remediator, (target) => {
      seen.push(target);
    });

    await expect(wrapped.apply('enable-logging', TARGET, ACTOR)).rejects.toThrow('boom');
    expect(seen).toEqual([TARGET]);
  });

  it('returns the result only after an asynchronous afterApply has finished', async () => {
    const order: string[] = [];
    const remediator: Remediator = {
      plan: async (fix) => ({ fix, change: 'x', risks: [] }),
      undo: async (fix) => ({ outcome: 'already-done', fix, summary: 'nothing to undo' }),
      apply: async (fix) => ({ outcome: 'already-done', fix, summary: 'nothing to do' }),
    };
    const wrapped = withAfterApply(remediator, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      order.push('recorded');
    });

    await wrapped.apply('enable-private-dns', TARGET, ACTOR);
    order.push('returned');

    expect(order).toEqual(['recorded', 'returned']);
  });

  it('tells after an undo too, with its target', async () => {
    const seen: string[] = [];
    const remediator: Remediator = {
      plan: async (fix) => ({ fix, change: 'x', risks: [] }),
      apply: async (fix) => ({ outcome: 'already-done', fix, summary: 'nothing to do' }),
      undo: async (fix) => {
        seen.push('undo');
        return { outcome: 'applied', fix, requestId: 'r', summary: 'restored' };
      },
    };
    const wrapped = withAfterApply(remediator, (target) => {
      seen.push(`after ${target.apiId}`);
    });

    const result = await wrapped.undo('allow-endpoint-in-policy', TARGET, '{}', ACTOR);

    expect(result.outcome).toBe('applied');
    expect(seen).toEqual(['undo', 'after a1b2c3d4e5']);
  });
});
