import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../src/state/memory-store.js';
import { apiKeyOf, INCIDENT_THREAD_TTL_MS } from '../../src/state/store.js';
import { report, request } from '../slack/fixtures.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('MemoryStateStore', () => {
  it('finds the incident thread of an API in a channel within 24 hours', async () => {
    const time = clock();
    const store = new MemoryStateStore({ now: time.now });
    await store.saveIncidentThread('C1', apiKeyOf('a1b2c3d4e5', 'us-east-1'), '111.222');

    time.advance(INCIDENT_THREAD_TTL_MS - 1);

    expect((await store.findIncidentThread('C1', 'us-east-1/a1b2c3d4e5'))?.threadTs).toBe('111.222');
    expect(await store.findIncidentThread('C2', 'us-east-1/a1b2c3d4e5')).toBeNull();
  });

  it('forgets the incident thread after 24 hours', async () => {
    const time = clock();
    const store = new MemoryStateStore({ now: time.now });
    await store.saveIncidentThread('C1', 'us-east-1/a1b2c3d4e5', '111.222');

    time.advance(INCIDENT_THREAD_TTL_MS);

    expect(await store.findIncidentThread('C1', 'us-east-1/a1b2c3d4e5')).toBeNull();
  });

  it('keeps the last report per thread', async () => {
    const store = new MemoryStateStore();
    const run = { report: report([]), request: request(), finishedAt: 5 };

    await store.saveLastRun('C1', '111.222', run);

    expect(await store.lastRun('C1', '111.222')).toEqual(run);
    expect(await store.lastRun('C1', '999.000')).toBeNull();
  });

  it('grants a lock to exactly one of many concurrent callers', async () => {
    const store = new MemoryStateStore();

    const results = await Promise.all(Array.from({ length: 10 }, () => store.acquireLock('fix:x', 60_000)));

    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('grants the lock again after release or expiry', async () => {
    const time = clock();
    const store = new MemoryStateStore({ now: time.now });
    await store.acquireLock('a', 1000);
    await store.acquireLock('b', 1000);

    await store.releaseLock('a');
    time.advance(1000);

    expect(await store.acquireLock('a', 1000)).toBe(true);
    expect(await store.acquireLock('b', 1000)).toBe(true);
  });
});
