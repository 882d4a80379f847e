// The recent diagnoses of each API: one record per diagnosis run, newest first, bounded, kept under the store's
// lock so concurrent writers lose nothing, and recorded once however many callers share a run.

import { describe, expect, it } from 'vitest';
import { shareDiagnoses } from '../../src/diagnosis/shared-diagnoses.js';
import type { Report } from '../../src/diagnosis/types.js';
import { historyIn, recordingDiagnoses } from '../../src/state/diagnosis-history.js';
import { MemoryStateStore } from '../../src/state/memory-store.js';
import { API_ID, brokenReport, healthyReport, request } from '../slack/fixtures.js';

const noWait = async () => {};

describe('the diagnosis history', () => {
  it('keeps each report as a short record, newest first', async () => {
    // Prepare
    const history = historyIn(new MemoryStateStore());

    // Act
    await history.record(brokenReport(), 1_000);
    await history.record(healthyReport(), 2_000);

    // Assess
    expect(await history.recent(API_ID, 'us-east-1')).toEqual([
      expect.objectContaining({ finishedAt: 2_000, verdict: 'healthy', primaryCause: null, problems: [] }),
      {
        finishedAt: 1_000,
        apiId: API_ID,
        region: 'us-east-1',
        stage: 'prod',
        accountId: '123456789012',
        vpcId: 'vpc-0f3a9c2e71d4b5a68',
        verdict: 'broken',
        primaryCause: 'POLICY_DENIES_VPCE',
        problems: ['POLICY_DENIES_VPCE', 'EXECUTION_LOGGING_DISABLED'],
      },
    ]);
  });

  it('keeps only the newest records of an API, and nothing of another API or region', async () => {
    // Prepare
    const history = historyIn(new MemoryStateStore(), { keep: 3 });

    // Act
    for (let at = 1; at <= 5; at++) await history.record(healthyReport(), at);

    // Assess
    expect((await history.recent(API_ID, 'us-east-1')).map((r) => r.finishedAt)).toEqual([5, 4, 3]);
    expect(await history.recent(API_ID, 'eu-west-1')).toEqual([]);
    expect(await history.recent('zzzzzzzzzz', 'us-east-1')).toEqual([]);
  });

  it('loses no record when several are written at once', async () => {
    // Prepare
    const history = historyIn(new MemoryStateStore());

    // Act
    await Promise.all([1, 2, 3, 4, 5, 6].map((at) => history.record(healthyReport(), at)));

    // Assess
    const kept = (await history.recent(API_ID, 'us-east-1')).map((r) => r.finishedAt);
    expect([...kept].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('gives the record up, saying so, when the history stays locked', async () => {
    // Prepare
    const store = new MemoryStateStore();
    await store.acquireLock(`history#us-east-1/${API_ID}`, 60_000);
    const history = historyIn(store, { sleep: noWait });

    // Act
    const recording = history.record(brokenReport(), 1);

    // Assess
    await expect(recording).rejects.toThrow(/stayed locked/);
    expect(await history.recent(API_ID, 'us-east-1')).toEqual([]);
  });

  it('reads a note that is not a list of records as no history', async () => {
    // Prepare
    const store = new MemoryStateStore();
    await store.saveNote(`history|us-east-1/${API_ID}`, '{"not":"a list"', 60_000);

    // Act
    const recent = await historyIn(store).recent(API_ID, 'us-east-1');

    // Assess
    expect(recent).toEqual([]);
  });
});

describe('recording the engine', () => {
  it('records one run shared by many identical requests once', async () => {
    // Prepare
    const history = historyIn(new MemoryStateStore());
    let release: (report: Report) => void = () => {};
    const engine = () =>
      new Promise<Report>((resolve) => {
        release = resolve;
      });
    const shared = shareDiagnoses(recordingDiagnoses(engine, history, { now: () => 42 }), {
      reuseMs: 10_000,
    });

    // Act
    const asked = [1, 2, 3, 4].map(() => shared.diagnose(request()));
    release(brokenReport());
    const reports = await Promise.all(asked);

    // Assess
    expect(new Set(reports).size).toBe(1);
    expect(shared.started).toBe(1);
    expect(await history.recent(API_ID, 'us-east-1')).toEqual([
      expect.objectContaining({ finishedAt: 42, verdict: 'broken' }),
    ]);
  });

  it('still returns the report when the history cannot be written, and says why', async () => {
    // Prepare
    const failures: unknown[] = [];
    const failing = {
      record: async () => {
        throw new Error('table unavailable');
      },
      recent: async () => [],
    };
    const diagnose = recordingDiagnoses(async () => brokenReport(), failing, {
      onError: (error) => failures.push(error),
    });

    // Act
    const report = await diagnose(request());

    // Assess
    expect(report.verdict).toBe('broken');
    expect(failures).toEqual([new Error('table unavailable')]);
  });
});
