import { describe, expect, it } from 'vitest';
import { diagnosisKey, shareDiagnoses } from '../../src/diagnosis/shared-diagnoses.js';
import type { DiagnosisRequest, Report } from '../../src/diagnosis/types.js';
import { MemoryStateStore } from '../../src/state/memory-store.js';
import { healthyReport, request } from '../slack/fixtures.js';
import { manualClock } from '../support/clock.js';

/** A diagnose function whose runs finish (or fail) only when the test says so. */
function controlledDiagnose() {
  const runs: Array<{
    request: DiagnosisRequest;
    finish: (report: Report) => void;
    fail: (error: Error) => void;
  }> = [];
  const diagnose = (req: DiagnosisRequest) =>
    new Promise<Report>((resolve, reject) => {
      runs.push({ request: req, finish: resolve, fail: reject });
    });
  return { diagnose, runs };
}

describe('shareDiagnoses', () => {
  it('runs one diagnosis for fifty identical concurrent requests and gives each caller its report', async () => {
    const { diagnose, runs } = controlledDiagnose();
    const shared = shareDiagnoses(diagnose, { reuseMs: 0 });

    const pending = Array.from({ length: 50 }, () => shared.diagnose(request()));
    const report = healthyReport();
    runs[0]?.finish(report);
    const reports = await Promise.all(pending);

    expect(runs).toHaveLength(1);
    expect(shared.started).toBe(1);
    expect(reports.every((each) => each === report)).toBe(true);
  });

  it('runs separately for requests that differ in stage, caller VPC or probe', async () => {
    const { diagnose, runs } = controlledDiagnose();
    const shared = shareDiagnoses(diagnose, { reuseMs: 10_000 });

    void shared.diagnose(request());
    void shared.diagnose(request({ stage: 'beta' }));
    void shared.diagnose(request({ vpcId: 'vpc-0other000' }));
    void shared.diagnose(request({ probe: false }));
    void shared.diagnose(request({ method: 'POST' }));
    void shared.diagnose(request({ accountId: '111111111111' }));
    void shared.diagnose(request({ customDomain: { name: 'api.example.internal', basePath: 'orders' } }));

    expect(runs).toHaveLength(7);
  });

  it('treats the same security groups in another order as the same request', () => {
    const a = request({ callerSecurityGroupIds: ['sg-0aaaa', 'sg-0bbbb'] });
    const b = request({ callerSecurityGroupIds: ['sg-0bbbb', 'sg-0aaaa'] });

    expect(diagnosisKey(a)).toBe(diagnosisKey(b));
    expect(diagnosisKey(a, { probeFunction: 'probe-a' })).not.toBe(diagnosisKey(a));
  });

  it('answers a request within the reuse window with the finished report, and runs again after it', async () => {
    const { diagnose, runs } = controlledDiagnose();
    const time = manualClock(1_000_000);
    const shared = shareDiagnoses(diagnose, { reuseMs: 10_000, now: time.now });
    const first = shared.diagnose(request());
    runs[0]?.finish(healthyReport());
    const firstReport = await first;

    time.advance(9_000);
    const reused = await shared.diagnose(request());
    time.advance(2_000);
    const again = shared.diagnose(request());

    expect(reused).toBe(firstReport);
    expect(runs).toHaveLength(2);
    runs[1]?.finish(healthyReport());
    expect(await again).not.toBe(firstReport);
  });

  it('runs afresh after a fix on the API, while callers of the older run still get its report', async () => {
    const { diagnose, runs } = controlledDiagnose();
    const shared = shareDiagnoses(diagnose, { reuseMs: 10_000 });
    const before = shared.diagnose(request());

    shared.invalidate(request().apiId, 'us-east-1');
    const after = shared.diagnose(request());
    const oldReport = healthyReport();
    const newReport = healthyReport();
    runs[0]?.finish(oldReport);
    runs[1]?.finish(newReport);

    expect(runs).toHaveLength(2);
    expect(await before).toBe(oldReport);
    expect(await after).toBe(newReport);
  });

  it('leaves runs of other APIs alone when one API is invalidated', async () => {
    const { diagnose, runs } = controlledDiagnose();
    const shared = shareDiagnoses(diagnose, { reuseMs: 10_000 });
    void shared.diagnose(request({ apiId: 'b1b2b3b4b5' }));

    shared.invalidate(request().apiId, 'us-east-1');
    void shared.diagnose(request({ apiId: 'b1b2b3b4b5' }));

    expect(runs).toHaveLength(1);
  });

  it('does not reuse a failure: every waiter sees it, and the next request runs again', async () => {
    const { diagnose, runs } = controlledDiagnose();
    const shared = shareDiagnoses(diagnose, { reuseMs: 10_000 });
    const a = shared.diagnose(request());
    const b = shared.diagnose(request());
    runs[0]?.fail(new Error('throttled'));

    await expect(a).rejects.toThrow('throttled');
    await expect(b).rejects.toThrow('throttled');
    void shared.diagnose(request());
    expect(runs).toHaveLength(2);
  });

  it('with reuse off, shares only a run that is still going', async () => {
    const { diagnose, runs } = controlledDiagnose();
    const shared = shareDiagnoses(diagnose, { reuseMs: 0 });
    const first = shared.diagnose(request());
    runs[0]?.finish(healthyReport());
    await first;

    void shared.diagnose(request());

    expect(runs).toHaveLength(2);
  });
});

describe('shareDiagnoses across replicas (a shared board)', () => {
  /** Two replicas: each its own process-local sharing, both on one board; time moves only when they wait. */
  function twoReplicas(reuseMs = 10_000) {
    const time = manualClock(1_000_000);
    const board = new MemoryStateStore({ now: time.now });
    const sleep = async (ms: number) => {
      time.advance(ms);
      await new Promise((resolve) => setImmediate(resolve));
    };
    const engine = controlledDiagnose();
    const errors: unknown[] = [];
    const replica = () =>
      shareDiagnoses(engine.diagnose, {
        reuseMs,
        board,
        now: time.now,
        sleep,
        onBoardError: (error) => errors.push(error),
      });
    return { a: replica(), b: replica(), engine, board, time, errors };
  }

  async function settle() {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  }

  it('runs one diagnosis for identical requests on two replicas; the other replica gets its report', async () => {
    const { a, b, engine } = twoReplicas();

    const onA = a.diagnose(request());
    await settle();
    const onB = b.diagnose(request());
    await settle();
    const report = healthyReport();
    engine.runs[0]?.finish(report);

    expect(await onA).toBe(report);
    expect(await onB).toBe(report);
    expect(engine.runs).toHaveLength(1);
    expect(a.started + b.started).toBe(1);
  });

  it('never hands another replica a report from before a fix on the API', async () => {
    const { a, b, engine } = twoReplicas();
    const before = a.diagnose(request());
    await settle();
    engine.runs[0]?.finish(healthyReport());
    await before;

    await a.invalidate(request().apiId, 'us-east-1');
    const after = b.diagnose(request());
    await settle();
    const fresh = healthyReport();
    engine.runs[1]?.finish(fresh);

    expect(await after).toBe(fresh);
    expect(engine.runs).toHaveLength(2);
  });

  it('runs the diagnosis on the waiting replica when the one that claimed it fails', async () => {
    const { a, b, engine } = twoReplicas();
    const onA = a.diagnose(request());
    await settle();
    const onB = b.diagnose(request());
    await settle();

    engine.runs[0]?.fail(new Error('AWS unreachable'));
    await expect(onA).rejects.toThrow('AWS unreachable');
    await settle();
    const report = healthyReport();
    engine.runs[1]?.finish(report);

    expect(await onB).toBe(report);
    expect(b.started).toBe(1);
  });

  it('still diagnoses, unshared, when the board fails, and says so', async () => {
    const engine = controlledDiagnose();
    const errors: unknown[] = [];
    const failing = new MemoryStateStore();
    failing.apiChangedAt = async () => {
      throw new Error('state table unavailable');
    };
    const shared = shareDiagnoses(engine.diagnose, {
      reuseMs: 10_000,
      board: failing,
      onBoardError: (error) => errors.push(error),
    });

    const pending = shared.diagnose(request());
    await settle();
    const report = healthyReport();
    engine.runs[0]?.finish(report);

    expect(await pending).toBe(report);
    expect(errors).toEqual([new Error('state table unavailable')]);
  });
});
