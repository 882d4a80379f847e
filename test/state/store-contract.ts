// The behaviour every StateStore must have (spec §8), written once and run against each implementation:
// the in-memory store (test/state/memory-store.test.ts) and the DynamoDB store on moto_server
// (test/state/dynamodb-store.moto.test.ts). Expiry is driven by an injected clock, never by waiting.

import { describe, expect, it } from 'vitest';
import {
  API_CHANGE_TTL_MS,
  apiKeyOf,
  INCIDENT_THREAD_TTL_MS,
  type StateStore,
} from '../../src/state/store.js';
import { brokenReport, request } from '../slack/fixtures.js';

export interface TestClock {
  now: () => number;
  advance: (ms: number) => void;
}

export function testClock(start = 1_700_000_000_000): TestClock {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** Makes a store with no state from earlier tests, reading time from `now`. */
export type StoreFactory = (now: () => number) => Promise<StateStore>;

export function describeStateStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`${name} (StateStore contract)`, () => {
    it('finds the incident thread of an API in a channel within 24 hours', async () => {
      const time = testClock();
      const store = await makeStore(time.now);
      await store.saveIncidentThread('C1', apiKeyOf('a1b2c3d4e5', 'us-east-1'), '111.222');

      time.advance(INCIDENT_THREAD_TTL_MS - 1);
      const found = await store.findIncidentThread('C1', 'us-east-1/a1b2c3d4e5');

      expect(found).toEqual({
        channelId: 'C1',
        apiKey: 'us-east-1/a1b2c3d4e5',
        threadTs: '111.222',
        expiresAt: time.now() + 1,
      });
      expect(await store.findIncidentThread('C2', 'us-east-1/a1b2c3d4e5')).toBeNull();
      expect(await store.findIncidentThread('C1', 'eu-west-1/a1b2c3d4e5')).toBeNull();
    });

    it('forgets the incident thread after 24 hours', async () => {
      const time = testClock();
      const store = await makeStore(time.now);
      await store.saveIncidentThread('C1', 'us-east-1/a1b2c3d4e5', '111.222');

      time.advance(INCIDENT_THREAD_TTL_MS);

      expect(await store.findIncidentThread('C1', 'us-east-1/a1b2c3d4e5')).toBeNull();
    });

    it('restarts the 24-hour window when the thread is saved again', async () => {
      const time = testClock();
      const store = await makeStore(time.now);
      await store.saveIncidentThread('C1', 'us-east-1/a1b2c3d4e5', '111.222');
      time.advance(INCIDENT_THREAD_TTL_MS - 1000);

      await store.saveIncidentThread('C1', 'us-east-1/a1b2c3d4e5', '111.222');
      time.advance(2000);

      expect((await store.findIncidentThread('C1', 'us-east-1/a1b2c3d4e5'))?.threadTs).toBe('111.222');
    });

    it('returns the last run of a thread as it was saved', async () => {
      const store = await makeStore(testClock().now);
      const run = { report: brokenReport(), request: request({ stage: 'prod' }), finishedAt: 5 };

      await store.saveLastRun('C1', '111.222', run);

      expect(await store.lastRun('C1', '111.222')).toEqual(run);
      expect(await store.lastRun('C1', '999.000')).toBeNull();
      expect(await store.lastRun('C2', '111.222')).toBeNull();
    });

    it('forgets the last run of a thread after 24 hours', async () => {
      const time = testClock();
      const store = await makeStore(time.now);
      await store.saveLastRun('C1', '111.222', { report: brokenReport(), request: request(), finishedAt: 5 });

      time.advance(INCIDENT_THREAD_TTL_MS);

      expect(await store.lastRun('C1', '111.222')).toBeNull();
    });

    it('returns a shared run until its time to live passes, and only under its own key', async () => {
      const time = testClock();
      const store = await makeStore(time.now);
      const run = { report: brokenReport(), request: request(), finishedAt: time.now() };
      await store.saveSharedRun('us-east-1/a1b2c3d4e5#0#abc', run, 10_000);

      time.advance(9_999);
      const live = await store.sharedRun('us-east-1/a1b2c3d4e5#0#abc');
      const other = await store.sharedRun('us-east-1/a1b2c3d4e5#0#def');
      time.advance(1);
      const expired = await store.sharedRun('us-east-1/a1b2c3d4e5#0#abc');

      expect(live).toEqual(run);
      expect(other).toBeNull();
      expect(expired).toBeNull();
    });

    it('keeps the time of the last fix of an API for an hour, the latest one winning', async () => {
      const time = testClock();
      const store = await makeStore(time.now);
      await store.saveApiChange('us-east-1/a1b2c3d4e5', time.now());
      time.advance(1000);
      await store.saveApiChange('us-east-1/a1b2c3d4e5', time.now());

      const latest = await store.apiChangedAt('us-east-1/a1b2c3d4e5');
      const untouched = await store.apiChangedAt('us-east-1/b1b2b3b4b5');
      time.advance(API_CHANGE_TTL_MS);
      const forgotten = await store.apiChangedAt('us-east-1/a1b2c3d4e5');

      expect(latest).toBe(time.now() - API_CHANGE_TTL_MS);
      expect(untouched).toBeNull();
      expect(forgotten).toBeNull();
    });

    it('grants a lock to exactly one of two concurrent callers', async () => {
      const store = await makeStore(testClock().now);

      const results = await Promise.all([
        store.acquireLock('fix:x', 60_000),
        store.acquireLock('fix:x', 60_000),
      ]);

      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('grants a lock to exactly one of many concurrent callers', async () => {
      const store = await makeStore(testClock().now);

      const results = await Promise.all(Array.from({ length: 10 }, () => store.acquireLock('fix:x', 60_000)));

      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('refuses a held lock until it expires, and grants it from then on', async () => {
      const time = testClock();
      const store = await makeStore(time.now);
      await store.acquireLock('fix:x', 1000);

      time.advance(999);
      const whileHeld = await store.acquireLock('fix:x', 1000);
      time.advance(1);
      const atExpiry = await store.acquireLock('fix:x', 1000);

      expect(whileHeld).toBe(false);
      expect(atExpiry).toBe(true);
    });

    it('grants a released lock again at once, leaving other locks held', async () => {
      const store = await makeStore(testClock().now);
      await store.acquireLock('fix:a', 60_000);
      await store.acquireLock('fix:b', 60_000);

      await store.releaseLock('fix:a');

      expect(await store.acquireLock('fix:a', 60_000)).toBe(true);
      expect(await store.acquireLock('fix:b', 60_000)).toBe(false);
    });

    it('accepts the release of a lock nobody holds', async () => {
      const store = await makeStore(testClock().now);

      await store.releaseLock('fix:never-taken');

      expect(await store.acquireLock('fix:never-taken', 60_000)).toBe(true);
    });

    it('keeps a note until it expires, and a later save replaces it', async () => {
      const time = testClock();
      const store = await makeStore(time.now);
      await store.saveNote('applied:fix-a', '{"at":1}', 60_000);
      await store.saveNote('applied:fix-a', '{"at":2}', 60_000);

      time.advance(59_999);
      const beforeExpiry = await store.readNote('applied:fix-a');
      time.advance(1);

      expect(beforeExpiry).toBe('{"at":2}');
      expect(await store.readNote('applied:fix-a')).toBeNull();
      expect(await store.readNote('applied:never-saved')).toBeNull();
    });

    it('keeps notes and locks with the same key apart', async () => {
      const store = await makeStore(testClock().now);
      await store.saveNote('same-key', 'note', 60_000);

      expect(await store.acquireLock('same-key', 60_000)).toBe(true);
      await store.releaseLock('same-key');
      expect(await store.readNote('same-key')).toBe('note');
    });

    it('grants a one-time claim (a click id) to exactly one of twenty concurrent replays', async () => {
      const store = await makeStore(testClock().now);

      const results = await Promise.all(
        Array.from({ length: 20 }, () => store.acquireLock('click:C1:111.222:U1:333.444', 600_000)),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });
}
