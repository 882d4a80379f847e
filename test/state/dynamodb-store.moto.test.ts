// The DynamoDB store against a real moto_server: the same contract as the in-memory store, plus what only a
// shared table has (TTL in epoch seconds, unswept expired items, the 400 KB item limit, SDK failures).
// moto_server missing on PATH fails the suite (startMoto rejects with how to install it); it never skips.

import { randomBytes } from 'node:crypto';
import { DescribeTimeToLiveCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbStateStore, StateTableError } from '../../src/aws/dynamodb-state-store.js';
import { INCIDENT_THREAD_TTL_MS } from '../../src/state/store.js';
import { finding, report, request } from '../slack/fixtures.js';
import { type MotoServer, startMoto } from '../support/moto.js';
import { createStateTable as createSharedStateTable } from '../support/state-table.js';
import { describeStateStoreContract, testClock } from './store-contract.js';

let moto: MotoServer;
let client: DynamoDBClient;
let tables = 0;

beforeAll(async () => {
  moto = await startMoto();
  client = new DynamoDBClient({ region: 'us-east-1', endpoint: moto.url, maxAttempts: 1 });
});

afterAll(async () => {
  client?.destroy();
  await moto?.stop();
});

/** A fresh table per test, so no test sees another's items. */
async function createStateTable(): Promise<string> {
  tables += 1;
  return createSharedStateTable(client, `apigw-diagnose-state-${tables}`);
}

async function rawItem(tableName: string, pk: string) {
  const output = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk } } }));
  return output.Item;
}

describeStateStoreContract('DynamoDbStateStore on moto_server', async (now) => {
  const tableName = await createStateTable();
  return new DynamoDbStateStore({ client, tableName, now });
});

describe('DynamoDbStateStore on moto_server', () => {
  it('writes expiresAt in epoch seconds, rounded up, on the table whose TTL attribute it is', async () => {
    const tableName = await createStateTable();
    const time = testClock(1_700_000_000_400);
    const store = new DynamoDbStateStore({ client, tableName, now: time.now });

    await store.saveIncidentThread('C1', 'us-east-1/a1b2c3d4e5', '111.222');

    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    const item = await rawItem(tableName, 'thread#C1#us-east-1/a1b2c3d4e5');
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe('expiresAt');
    expect(item?.expiresAt?.N).toBe(String(1_700_000_001 + INCIDENT_THREAD_TTL_MS / 1000));
  });

  it('treats an expired item as absent while the TTL sweeper has not deleted it yet', async () => {
    const tableName = await createStateTable();
    const time = testClock();
    const store = new DynamoDbStateStore({ client, tableName, now: time.now });
    await store.saveIncidentThread('C1', 'us-east-1/a1b2c3d4e5', '111.222');

    time.advance(INCIDENT_THREAD_TTL_MS);

    expect(await rawItem(tableName, 'thread#C1#us-east-1/a1b2c3d4e5')).toBeDefined();
    expect(await store.findIncidentThread('C1', 'us-east-1/a1b2c3d4e5')).toBeNull();
  });

  it('stores a report with a megabyte of log lines compressed, unchanged and under the item limit', async () => {
    const tableName = await createStateTable();
    const store = new DynamoDbStateStore({ client, tableName, now: testClock().now });
    const lines = Array.from(
      { length: 10_000 },
      (_, n) => `2024-05-01T10:00:${n % 60}Z (req-${n}) Forbidden`,
    );
    const run = {
      report: report([finding('LOG_EXPLICIT_DENY', { lines })]),
      request: request(),
      finishedAt: 5,
    };

    await store.saveLastRun('C1', '111.222', run);

    const stored = await rawItem(tableName, 'run#C1#111.222');
    expect(JSON.stringify(run).length).toBeGreaterThan(400_000);
    expect(stored?.run?.B?.byteLength).toBeLessThan(350_000);
    expect(await store.lastRun('C1', '111.222')).toEqual(run);
  });

  it('keeps only what "what changed" needs when even the compressed report is too large', async () => {
    const tableName = await createStateTable();
    const store = new DynamoDbStateStore({ client, tableName, now: testClock().now });
    const noise = randomBytes(600_000).toString('base64');
    const run = {
      report: report([finding('LOG_EXPLICIT_DENY', { noise })]),
      request: request(),
      finishedAt: 5,
    };

    await store.saveLastRun('C1', '111.222', run);
    const kept = await store.lastRun('C1', '111.222');

    expect(kept?.report.findings.map((f) => [f.check, f.code, f.title])).toEqual(
      run.report.findings.map((f) => [f.check, f.code, f.title]),
    );
    expect(kept?.report.checks).toEqual(run.report.checks);
    expect(JSON.stringify(kept)).not.toContain(noise.slice(0, 100));
  });

  it('fails with a StateTableError naming the table when the table does not exist', async () => {
    const store = new DynamoDbStateStore({ client, tableName: 'no-such-table', now: testClock().now });

    const failure = store.acquireLock('fix:x', 1000);

    await expect(failure).rejects.toBeInstanceOf(StateTableError);
    await expect(failure).rejects.toThrow(
      /state table no-such-table: PutItem \(lock\) failed \(ResourceNotFound/,
    );
  });
});
