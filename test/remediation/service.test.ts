// The remediation service decides, as values, everything about a fix that is not its user interface: offers,
// repeats, allow-list, target fields, the lock per change, the "just applied" window and the result. Tested
// here on the in-memory store with a scripted remediator (Slack renders these values: test/slack/*.http.test.ts).

import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import {
  createRemediationService,
  fixLockKey,
  REQUEST_MEMORY_MS,
  type RemediationServiceDeps,
} from '../../src/remediation/service.js';
import type { ApplyResult, FixId, FixTarget, Remediator } from '../../src/remediation/types.js';
import { MemoryStateStore } from '../../src/state/memory-store.js';

const TARGET: FixTarget = { apiId: 'a1b2c3d4e5', region: 'us-east-1', stage: 'prod', vpceId: 'vpce-0aaa' };
const ALLOWED = { userId: 'U0ALLOWED1' };
const WINDOW_MS = 60_000;

interface Scripted {
  applied: FixId[];
  planned: FixId[];
  /** The records the undos were given. */
  undone: string[];
  answer: (fix: FixId) => ApplyResult | Promise<ApplyResult>;
  undoAnswer: (record: string) => ApplyResult | Promise<ApplyResult>;
}

function setup(
  options: {
    answer?: Scripted['answer'];
    undoAnswer?: Scripted['undoAnswer'];
    plan?: Remediator['plan'];
    overrides?: Partial<RemediationServiceDeps>;
  } = {},
) {
  let clock = 1_700_000_000_000;
  const store = new MemoryStateStore({ now: () => clock });
  const scripted: Scripted = {
    applied: [],
    planned: [],
    undone: [],
    answer: options.answer ?? (() => ({ outcome: 'applied', requestId: 'req-1', summary: 'done' })),
    undoAnswer:
      options.undoAnswer ?? (() => ({ outcome: 'applied', requestId: 'req-undo', summary: 'restored' })),
  };
  const remediator: Remediator = {
    plan:
      options.plan ??
      (async (fix) => {
        scripted.planned.push(fix);
        return { fix, change: `Would run ${fix}.`, risks: [] };
      }),
    async apply(fix) {
      scripted.applied.push(fix);
      return { fix, ...(await scripted.answer(fix)) };
    },
    async undo(fix, _target, record) {
      scripted.undone.push(record);
      return { fix, ...(await scripted.undoAnswer(record)) };
    },
  };
  const service = createRemediationService({
    remediatorFor: () => remediator,
    store,
    logger: createLogger({ level: 'silent' }),
    allowedUsers: new Set([ALLOWED.userId]),
    lockTtlMs: 5 * 60_000,
    justAppliedWindowMs: WINDOW_MS,
    planTimeoutMs: 200,
    now: () => clock,
    ...options.overrides,
  });
  return {
    service,
    store,
    scripted,
    advance(ms: number) {
      clock += ms;
    },
  };
}

const run = (fix: FixId, target: FixTarget = TARGET, actor = ALLOWED) => ({
  fix,
  target,
  accountId: '123456789012',
  actor,
});

describe('remediation service: run', () => {
  it('answers not_allowed for a user outside the allow-list, and applies nothing', async () => {
    const { service, scripted } = setup();

    const outcome = await service.run(run('enable-logging', TARGET, { userId: 'U0STRANGER' }));

    expect(outcome).toEqual({ status: 'not_allowed', fix: 'enable-logging' });
    expect(scripted.applied).toEqual([]);
  });

  it('answers invalid when the target lacks a field the fix requires (stage, or endpoint)', async () => {
    const { service, scripted } = setup();

    const noStage = await service.run(run('redeploy-stage', { ...TARGET, stage: null }));
    const noEndpoint = await service.run(run('enable-private-dns', { ...TARGET, vpceId: null }));
    const endpointWithoutStage = await service.run(run('enable-private-dns', { ...TARGET, stage: null }));

    expect(noStage).toEqual({ status: 'invalid', fix: 'redeploy-stage', missing: ['stage'] });
    expect(noEndpoint).toEqual({ status: 'invalid', fix: 'enable-private-dns', missing: ['vpceId'] });
    expect(endpointWithoutStage.status).toBe('done');
    expect(scripted.applied).toEqual(['enable-private-dns']);
  });

  it('answers in_flight while the same change holds its lock, and applies once', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { service, scripted } = setup({
      answer: async () => {
        await gate;
        return { outcome: 'applied', requestId: 'req-1', summary: 'done' };
      },
    });

    const first = service.run(run('enable-logging'));
    const second = await service.run(run('enable-logging'));
    release();

    expect(second).toMatchObject({ status: 'in_flight', fix: 'enable-logging' });
    expect((await first).status).toBe('done');
    expect(scripted.applied).toEqual(['enable-logging']);
  });

  it('answers done with the result when applied, and failed for a refused pre-check or an AWS error', async () => {
    const answers: ApplyResult[] = [
      { outcome: 'applied', requestId: 'req-1', summary: 'done' },
      { outcome: 'precheck-failed', reason: 'no CloudWatch role' },
      { outcome: 'aws-error', message: 'AWS refused UpdateStage', requestId: 'req-2' },
    ];
    const { service, advance } = setup({
      answer: () => answers.shift() ?? { outcome: 'already-done', summary: '' },
    });

    const done = await service.run(run('enable-logging'));
    advance(WINDOW_MS + 1);
    const refused = await service.run(run('enable-logging'));
    const awsError = await service.run(run('enable-logging'));

    expect(done).toEqual({
      status: 'done',
      fix: 'enable-logging',
      result: { fix: 'enable-logging', outcome: 'applied', requestId: 'req-1', summary: 'done' },
    });
    expect(refused).toMatchObject({ status: 'failed', result: { outcome: 'precheck-failed' } });
    expect(awsError).toMatchObject({
      status: 'failed',
      result: { outcome: 'aws-error', requestId: 'req-2' },
    });
  });

  it('never redeploys twice within the window (AWS cannot tell a needed redeploy), and does after it', async () => {
    const { service, scripted, advance } = setup();

    await service.run(run('redeploy-stage'));
    const again = await service.run(run('redeploy-stage', TARGET, { userId: 'U0ALLOWED1' }));
    advance(WINDOW_MS + 1);
    const later = await service.run(run('redeploy-stage'));

    expect(again).toMatchObject({
      status: 'just_applied',
      fix: 'redeploy-stage',
      applied: { at: 1_700_000_000_000, by: 'U0ALLOWED1' },
      windowMs: WINDOW_MS,
    });
    expect(later.status).toBe('done');
    expect(scripted.applied).toEqual(['redeploy-stage', 'redeploy-stage']);
  });

  it('re-reads state within the window for a fix that detects it: just_applied if nothing to do, else applied', async () => {
    const answers: ApplyResult[] = [
      { outcome: 'applied', requestId: 'req-1', summary: 'on' },
      { outcome: 'already-done', summary: 'already on' },
      { outcome: 'applied', requestId: 'req-3', summary: 'on again' },
    ];
    const { service, scripted } = setup({
      answer: () => answers.shift() ?? { outcome: 'already-done', summary: '' },
    });

    await service.run(run('enable-logging'));
    const nothingToDo = await service.run(run('enable-logging'));
    const turnedOffMeanwhile = await service.run(run('enable-logging'));

    expect(nothingToDo.status).toBe('just_applied');
    expect(turnedOffMeanwhile).toMatchObject({ status: 'done', result: { requestId: 'req-3' } });
    expect(scripted.applied).toEqual(['enable-logging', 'enable-logging', 'enable-logging']);
  });

  it('answers done (already in place) outside the window', async () => {
    const { service } = setup({ answer: () => ({ outcome: 'already-done', summary: 'already on' }) });

    const outcome = await service.run(run('enable-private-dns'));

    expect(outcome).toMatchObject({ status: 'done', result: { outcome: 'already-done' } });
  });

  it('releases the lock when apply throws (a bug), so the next request is not stuck in_flight', async () => {
    let calls = 0;
    const { service } = setup({
      answer: () => {
        calls += 1;
        if (calls === 1) throw new Error('bug');
        return { outcome: 'applied', requestId: 'req-2', summary: 'done' };
      },
    });

    await expect(service.run(run('enable-logging'))).rejects.toThrow('bug');
    const next = await service.run(run('enable-logging'));

    expect(next.status).toBe('done');
  });
});

describe('remediation service: one lock per change in AWS', () => {
  it('locks a stage fix per account, region, API and stage, and an endpoint fix per endpoint', () => {
    expect(fixLockKey('redeploy-stage', TARGET, '123456789012')).toBe(
      'fix:redeploy-stage:123456789012:us-east-1:a1b2c3d4e5:prod',
    );
    expect(fixLockKey('enable-private-dns', TARGET, '123456789012')).toBe(
      'fix:enable-private-dns:123456789012:us-east-1:vpce-0aaa',
    );
    expect(fixLockKey('enable-private-dns', { ...TARGET, apiId: 'other00000' }, '123456789012')).toBe(
      fixLockKey('enable-private-dns', TARGET, '123456789012'),
    );
    expect(fixLockKey('enable-logging', TARGET, null)).toBe('fix:enable-logging:-:us-east-1:a1b2c3d4e5:prod');
  });

  it('runs the same fix on two accounts’ same-named APIs at once', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { service } = setup({
      answer: async () => {
        await gate;
        return { outcome: 'applied', requestId: 'r', summary: 'done' };
      },
    });

    const first = service.run(run('enable-logging'));
    const otherAccount = service.run({ ...run('enable-logging'), accountId: '210987654321' });
    release();

    expect((await first).status).toBe('done');
    expect((await otherAccount).status).toBe('done');
  });
});

describe('remediation service: requests seen once', () => {
  it('claims a request id once, and again only after it is forgotten', async () => {
    const { service, advance } = setup();

    const first = await service.claimRequest('C1:1.2:U1:enable-logging:3.4');
    const replay = await service.claimRequest('C1:1.2:U1:enable-logging:3.4');
    const other = await service.claimRequest('C1:1.2:U1:enable-logging:3.5');
    advance(REQUEST_MEMORY_MS + 1);
    const forgotten = await service.claimRequest('C1:1.2:U1:enable-logging:3.4');

    expect([first, replay, other, forgotten]).toEqual([true, false, true, true]);
  });
});

describe('remediation service: offers', () => {
  it('offers the called-for fixes whose target fields are known, in registry order, each with its plan', async () => {
    const { service } = setup();

    const offers = await service.offers(['redeploy-stage', 'enable-private-dns', 'enable-logging'], {
      ...TARGET,
      vpceId: null,
    });

    expect(offers.map((offer) => offer.fix)).toEqual(['enable-logging', 'redeploy-stage']);
    expect(offers[0]?.plan).toEqual({
      fix: 'enable-logging',
      change: 'Would run enable-logging.',
      risks: [],
    });
  });

  it('keeps the offer with no plan (generic dialog) when planning fails or takes too long', async () => {
    const { service } = setup({
      plan: async (fix) => {
        if (fix === 'enable-logging') throw new Error('boom');
        return new Promise(() => {});
      },
    });

    const offers = await service.offers(['enable-logging', 'redeploy-stage'], TARGET);

    expect(offers).toEqual([
      { fix: 'enable-logging', plan: null },
      { fix: 'redeploy-stage', plan: null },
    ]);
  });

  it('keeps every offer with no plan when the remediator cannot be built', async () => {
    const { service } = setup({
      overrides: {
        remediatorFor: () => {
          throw new Error('no credentials');
        },
      },
    });

    const offers = await service.offers(['enable-private-dns'], TARGET);

    expect(offers).toEqual([{ fix: 'enable-private-dns', plan: null }]);
  });

  it('offers nothing when no fix is called for', async () => {
    const { service, scripted } = setup();

    expect(await service.offers([], TARGET)).toEqual([]);
    expect(scripted.planned).toEqual([]);
  });
});

describe('remediation service: undo', () => {
  const POLICY_FIX: FixId = 'allow-endpoint-in-policy';
  const withRecord = (): ApplyResult => ({
    outcome: 'applied',
    requestId: 'req-1',
    summary: 'allowed',
    undoRecord: '{"previous":"p"}',
  });
  const fromChannel = (channel: string) => (origin: string | null) => origin === channel;

  it('keeps the undo record of an applied fix and gives its reference; none for a fix without one', async () => {
    const { service } = setup({
      answer: (fix) =>
        fix === POLICY_FIX ? withRecord() : { outcome: 'applied', requestId: 'r', summary: 'done' },
    });

    const undoable = await service.run({ ...run(POLICY_FIX), origin: 'C1' });
    const plain = await service.run(run('enable-logging'));

    expect(undoable.status).toBe('done');
    expect(undoable.status === 'done' && undoable.undoRef).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(plain.status).toBe('done');
    expect(plain.status === 'done' && plain.undoRef).toBeUndefined();
  });

  it('undoes once with the kept record, from the same origin only, and says who undid it after', async () => {
    const { service, scripted } = setup({ answer: withRecord });
    const applied = await service.run({ ...run(POLICY_FIX), origin: 'C1' });
    const ref = applied.status === 'done' ? (applied.undoRef ?? '') : '';

    const elsewhere = await service.undo({ ref, actor: ALLOWED, accepts: fromChannel('C2') });
    const first = await service.undo({ ref, actor: ALLOWED, accepts: fromChannel('C1') });
    const second = await service.undo({ ref, actor: ALLOWED, accepts: fromChannel('C1') });

    expect(elsewhere).toEqual({ status: 'undo_unknown' });
    expect(first).toMatchObject({ status: 'done', fix: POLICY_FIX, origin: 'C1', target: TARGET });
    expect(second).toMatchObject({ status: 'undo_used', by: ALLOWED.userId });
    expect(scripted.undone).toEqual(['{"previous":"p"}']);
  });

  it('refuses an unknown or malformed reference, and a user outside the allow-list, undoing nothing', async () => {
    const { service, scripted } = setup({ answer: withRecord });
    const applied = await service.run({ ...run(POLICY_FIX), origin: 'C1' });
    const ref = applied.status === 'done' ? (applied.undoRef ?? '') : '';

    expect(await service.undo({ ref: 'A'.repeat(22), actor: ALLOWED, accepts: () => true })).toEqual({
      status: 'undo_unknown',
    });
    expect(await service.undo({ ref: '../etc', actor: ALLOWED, accepts: () => true })).toEqual({
      status: 'undo_unknown',
    });
    expect(
      await service.undo({ ref, actor: { userId: 'U0STRANGER' }, accepts: fromChannel('C1') }),
    ).toMatchObject({ status: 'not_allowed' });
    expect(scripted.undone).toEqual([]);
  });

  it("takes the fix's lock: an undo while the same change runs is in_flight", async () => {
    const { service, store, scripted } = setup({ answer: withRecord });
    const applied = await service.run({ ...run(POLICY_FIX), origin: 'C1' });
    const ref = applied.status === 'done' ? (applied.undoRef ?? '') : '';
    await store.acquireLock(fixLockKey(POLICY_FIX, TARGET, '123456789012'), 60_000);

    expect(await service.undo({ ref, actor: ALLOWED, accepts: () => true })).toMatchObject({
      status: 'in_flight',
    });
    expect(scripted.undone).toEqual([]);
  });

  it('keeps the undo usable when the undo itself was refused', async () => {
    let refuse = true;
    const { service, scripted } = setup({
      answer: withRecord,
      undoAnswer: () =>
        refuse
          ? { outcome: 'precheck-failed', reason: 'changed since' }
          : { outcome: 'applied', requestId: 'r', summary: 'ok' },
    });
    const applied = await service.run({ ...run(POLICY_FIX), origin: 'C1' });
    const ref = applied.status === 'done' ? (applied.undoRef ?? '') : '';

    expect(await service.undo({ ref, actor: ALLOWED, accepts: () => true })).toMatchObject({
      status: 'failed',
    });
    refuse = false;
    expect(await service.undo({ ref, actor: ALLOWED, accepts: () => true })).toMatchObject({
      status: 'done',
    });
    expect(scripted.undone).toHaveLength(2);
  });

  it('keeps an undo for a fix that failed after changing something (aws-error with a record)', async () => {
    const { service } = setup({
      answer: () => ({ outcome: 'aws-error', message: 'redeploy failed', requestId: 'r', undoRecord: '{}' }),
    });

    const outcome = await service.run({ ...run(POLICY_FIX), origin: 'C1' });

    expect(outcome.status === 'failed' && outcome.undoRef).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('remediation service: one lock per API for a fix that changes the API', () => {
  it('locks the policy fix per account, region and API, whatever the stage', () => {
    expect(fixLockKey('allow-endpoint-in-policy', TARGET, '123456789012')).toBe(
      fixLockKey('allow-endpoint-in-policy', { ...TARGET, stage: 'dev' }, '123456789012'),
    );
    expect(fixLockKey('allow-endpoint-in-policy', TARGET, '123456789012')).not.toBe(
      fixLockKey('allow-endpoint-in-policy', { ...TARGET, apiId: 'zzzzzzzzzz' }, '123456789012'),
    );
  });
});

describe('remediation service: what a fix that changed AWS still reports', () => {
  it('reports the applied fix without an Undo when the undo record cannot be kept', async () => {
    const { service, store } = setup({
      answer: () => ({ outcome: 'applied', requestId: 'r', summary: 'allowed', undoRecord: '{}' }),
    });
    const save = store.saveNote.bind(store);
    store.saveNote = async (key, note, ttl) => {
      if (key.startsWith('undo:')) throw new Error('table unavailable');
      return save(key, note, ttl);
    };

    const outcome = await service.run({ ...run('allow-endpoint-in-policy'), origin: 'C1' });

    expect(outcome).toMatchObject({ status: 'done', result: { outcome: 'applied' } });
    expect(outcome.status === 'done' && outcome.undoRef).toBeUndefined();
  });

  it('reports an applied fix when the store fails after the change (notes and lock), with no Undo', async () => {
    const { service, store } = setup({
      answer: () => ({ outcome: 'applied', requestId: 'r', summary: 'allowed', undoRecord: '{}' }),
    });
    store.saveNote = async () => {
      throw new Error('table unavailable');
    };
    store.releaseLock = async () => {
      throw new Error('table unavailable');
    };

    const outcome = await service.run({ ...run('allow-endpoint-in-policy'), origin: 'C1' });

    expect(outcome).toMatchObject({ status: 'done', result: { outcome: 'applied' } });
    expect(outcome.status === 'done' && outcome.undoRef).toBeUndefined();
  });

  it('releases the fix lock when an undo throws (a bug), so the next one is not stuck in_flight', async () => {
    let boom = true;
    const { service } = setup({
      answer: () => ({ outcome: 'applied', requestId: 'r', summary: 'allowed', undoRecord: '{}' }),
      undoAnswer: () => {
        if (boom) throw new Error('bug');
        return { outcome: 'applied', requestId: 'r', summary: 'restored' };
      },
    });
    const applied = await service.run({ ...run('allow-endpoint-in-policy'), origin: 'C1' });
    const ref = applied.status === 'done' ? (applied.undoRef ?? '') : '';

    await expect(service.undo({ ref, actor: ALLOWED, accepts: () => true })).rejects.toThrow('bug');
    boom = false;

    expect(await service.undo({ ref, actor: ALLOWED, accepts: () => true })).toMatchObject({
      status: 'done',
    });
  });

  it('withholds a fix whose dialog must show its change when its plan cannot be read, saying why', async () => {
    const { service } = setup({
      plan: async () => {
        throw new Error('timeout');
      },
    });

    const offers = await service.offers(['allow-endpoint-in-policy', 'enable-private-dns'], TARGET);

    expect(offers).toEqual([
      { fix: 'enable-private-dns', plan: null },
      {
        fix: 'allow-endpoint-in-policy',
        plan: expect.objectContaining({ withheld: expect.stringContaining('its dialog must show it') }),
      },
    ]);
  });
});
