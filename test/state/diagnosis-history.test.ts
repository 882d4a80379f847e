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
    const shared = shareDiagnoses(
      recordingDiagnoses(engine, history, { now: () => 42, onError: (error) => failures.push(error) }),
      { reuseMs: 10_000 },
    );
    const failures: unknown[] = [];

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
    expect(failures).toEqual([]);
  });

  it('still returns the report when the history cannot be written, and says why', async () => {
    // Prepare
    const failures: unknown[] = [];
    const failing = {
      record: async () => {
        throw new Error('table unavailable');
      },
      recent: async () => [],
      flush: async () => {},
    };
    const diagnose = recordingDiagnoses(async () => brokenReport(), failing, {
      onError: (error) => failures.push(error),
    });

    // Act
    const report = await diagnose(request());
    await new Promise((resolve) => setImmediate(resolve)); // the write runs after the report is returned

    // Assess
    expect(report.verdict).toBe('broken');
    expect(failures).toEqual([new Error('table unavailable')]);
  });
});

describe('the history write is off the diagnosis path', () => {
  /** A store whose note writes wait until `release` is called. */
  function heldStore() {
    const store = new MemoryStateStore();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = {
      acquireLock: store.acquireLock.bind(store),
      releaseLock: store.releaseLock.bind(store),
      readNote: store.readNote.bind(store),
      saveNote: async (key: string, value: string, ttlMs: number) => {
        await gate;
        await store.saveNote(key, value, ttlMs);
      },
    };
    return { held, release: () => release() };
  }

  const tick = (ms: number) => new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms));

  it('returns the report while its record is still being written', async () => {
    // Prepare
    const { held, release } = heldStore();
    const failures: unknown[] = [];
    const diagnose = recordingDiagnoses(async () => brokenReport(), historyIn(held), {
      onError: (error) => failures.push(error),
    });

    // Act
    const first = await Promise.race([diagnose(request()), tick(200)]);
    release();

    // Assess
    expect(first).toMatchObject({ verdict: 'broken' });
    expect(failures).toEqual([]);
  });

  it('lists a diagnosis asked for right after it returned: the reader waits for the write', async () => {
    // Prepare
    const { held, release } = heldStore();
    const history = historyIn(held);
    const diagnose = recordingDiagnoses(async () => brokenReport(), history, {
      now: () => 7,
      onError: () => {},
    });
    await Promise.race([diagnose(request()), tick(200)]);

    // Act
    const listed = history.recent(API_ID, 'us-east-1');
    const early = await Promise.race([listed, tick(50)]);
    release();

    // Assess: still waiting while the write is held, then the record is there.
    expect(early).toBe('pending');
    expect(await listed).toEqual([expect.objectContaining({ finishedAt: 7, verdict: 'broken' })]);
  });

  it('flush waits for every write under way; a failed one still lets the list and the flush settle', async () => {
    // Prepare
    const { held, release } = heldStore();
    const failing = { ...heldStore().held, saveNote: async () => Promise.reject(new Error('throttled')) };
    const ok = historyIn(held);
    const broken = historyIn(failing);
    const failures: unknown[] = [];
    void recordingDiagnoses(async () => brokenReport(), ok, { onError: (e) => failures.push(e) })(request());
    await recordingDiagnoses(async () => brokenReport(), broken, { onError: (e) => failures.push(e) })(
      request(),
    );

    // Act
    const flushed = ok.flush();
    const early = await Promise.race([flushed, tick(50)]);
    release();
    await flushed;

    // Assess
    expect(early).toBe('pending');
    expect(await ok.recent(API_ID, 'us-east-1')).toHaveLength(1);
    expect(await broken.recent(API_ID, 'us-east-1')).toEqual([]);
    await broken.flush();
    expect(failures).toEqual([new Error('throttled')]);
  });
});
