// The shared store for several bot replicas (spec §8): one DynamoDB table, partition key `pk` (string), TTL on
// `expiresAt` (epoch seconds). DynamoDB's TTL sweeper deletes expired items only eventually (often hours
// later), so every read also checks the expiry itself, and a lock past its expiry can be taken over.
//
// Expiry decisions use `expiresAtMs` (epoch ms): locks last seconds, and second granularity would hold a lock
// up to a second too long. `expiresAt` is that time rounded up to seconds, for the sweeper only.
// Reads are strongly consistent: a replica must see the thread another replica just created.

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { decodeThreadRun, encodeThreadRun } from '../state/run-codec.js';
import {
  API_CHANGE_TTL_MS,
  INCIDENT_THREAD_TTL_MS,
  type IncidentThread,
  type StateStore,
  type ThreadRun,
} from '../state/store.js';
import { type AwsClientSettings, makeClient, TIMEOUTS } from './clients.js';

type Item = Record<string, AttributeValue>;

export interface DynamoDbStateStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  now?: () => number;
  threadTtlMs?: number;
}

/** A store call that failed for a reason other than a lock being held; the SDK error is the cause. */
export class StateTableError extends Error {
  override readonly name = 'StateTableError';
  constructor(operation: string, tableName: string, cause: unknown) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`state table ${tableName}: ${operation} failed (${reason})`, { cause });
  }
}

export class DynamoDbStateStore implements StateStore {
  private readonly client: DynamoDBClient;
  private readonly tableName: string;
  private readonly now: () => number;
  private readonly threadTtlMs: number;

  constructor(options: DynamoDbStateStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.now = options.now ?? Date.now;
    this.threadTtlMs = options.threadTtlMs ?? INCIDENT_THREAD_TTL_MS;
  }

  async findIncidentThread(channelId: string, apiKey: string): Promise<IncidentThread | null> {
    const item = await this.getLive(threadKey(channelId, apiKey));
    if (!item?.threadTs?.S) return null;
    return { channelId, apiKey, threadTs: item.threadTs.S, expiresAt: Number(item.expiresAtMs?.N) };
  }

  async saveIncidentThread(channelId: string, apiKey: string, threadTs: string): Promise<IncidentThread> {
    const expiresAt = this.now() + this.threadTtlMs;
    await this.put({
      ...this.keyAndExpiry(threadKey(channelId, apiKey), expiresAt),
      threadTs: { S: threadTs },
    });
    return { channelId, apiKey, threadTs, expiresAt };
  }

  async lastRun(channelId: string, threadTs: string): Promise<ThreadRun | null> {
    const item = await this.getLive(runKey(channelId, threadTs));
    return item?.run?.B ? decodeThreadRun(item.run.B) : null;
  }

  async saveLastRun(channelId: string, threadTs: string, run: ThreadRun): Promise<void> {
    const expiresAt = this.now() + this.threadTtlMs;
    await this.put({
      ...this.keyAndExpiry(runKey(channelId, threadTs), expiresAt),
      // gzip-compressed JSON (see run-codec.ts): keeps large reports under the 400 KB item limit.
      run: { B: encodeThreadRun(run) },
    });
  }

  async sharedRun(key: string): Promise<ThreadRun | null> {
    const item = await this.getLive(sharedRunKey(key));
    return item?.run?.B ? decodeThreadRun(item.run.B) : null;
  }

  async saveSharedRun(key: string, run: ThreadRun, ttlMs: number): Promise<void> {
    await this.put({
      ...this.keyAndExpiry(sharedRunKey(key), this.now() + ttlMs),
      run: { B: encodeThreadRun(run) },
    });
  }

  async apiChangedAt(apiKey: string): Promise<number | null> {
    const item = await this.getLive(apiChangeKey(apiKey));
    const at = Number(item?.at?.N);
    return item && Number.isFinite(at) ? at : null;
  }

  async saveApiChange(apiKey: string, at: number): Promise<void> {
    await this.put({
      ...this.keyAndExpiry(apiChangeKey(apiKey), this.now() + API_CHANGE_TTL_MS),
      at: { N: String(at) },
    });
  }

  async acquireLock(key: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: this.keyAndExpiry(lockKey(key), now + ttlMs),
          // DynamoDB evaluates the condition and the write atomically: of concurrent callers exactly one
          // finds the item absent (or expired); the others get ConditionalCheckFailedException.
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAtMs <= :now',
          ExpressionAttributeValues: { ':now': { N: String(now) } },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new StateTableError('PutItem (lock)', this.tableName, error);
    }
  }

  async releaseLock(key: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteItemCommand({ TableName: this.tableName, Key: { pk: { S: lockKey(key) } } }),
      );
    } catch (error) {
      throw new StateTableError('DeleteItem', this.tableName, error);
    }
  }

  async saveNote(key: string, note: string, ttlMs: number): Promise<void> {
    await this.put({ ...this.keyAndExpiry(noteKey(key), this.now() + ttlMs), note: { S: note } });
  }

  async readNote(key: string): Promise<string | null> {
    const item = await this.getLive(noteKey(key));
    return item?.note?.S ?? null;
  }

  /** The item, or undefined when it is absent or past its expiry but not yet swept. */
  private async getLive(pk: string): Promise<Item | undefined> {
    let item: Item | undefined;
    try {
      const output = await this.client.send(
        new GetItemCommand({ TableName: this.tableName, Key: { pk: { S: pk } }, ConsistentRead: true }),
      );
      item = output.Item;
    } catch (error) {
      throw new StateTableError('GetItem', this.tableName, error);
    }
    if (!item) return undefined;
    const expiresAtMs = Number(item.expiresAtMs?.N);
    return Number.isFinite(expiresAtMs) && expiresAtMs > this.now() ? item : undefined;
  }

  private async put(item: Item): Promise<void> {
    try {
      await this.client.send(new PutItemCommand({ TableName: this.tableName, Item: item }));
    } catch (error) {
      throw new StateTableError('PutItem', this.tableName, error);
    }
  }

  private keyAndExpiry(pk: string, expiresAtMs: number): Item {
    return {
      pk: { S: pk },
      expiresAtMs: { N: String(expiresAtMs) },
      expiresAt: { N: String(Math.ceil(expiresAtMs / 1000)) },
    };
  }
}

// One table holds six kinds of record; the prefix keeps their keys apart. Slack ids and `region/apiId`
// contain no `#`, so the joins cannot collide.
function threadKey(channelId: string, apiKey: string): string {
  return `thread#${channelId}#${apiKey}`;
}

function runKey(channelId: string, threadTs: string): string {
  return `run#${channelId}#${threadTs}`;
}

function sharedRunKey(key: string): string {
  return `shared#${key}`;
}

function apiChangeKey(apiKey: string): string {
  return `changed#${apiKey}`;
}

function lockKey(key: string): string {
  return `lock#${key}`;
}

function noteKey(key: string): string {
  return `note#${key}`;
}

/** The store main.ts uses when STATE_TABLE is set; the region and endpoint come from the usual AWS variables. */
export function createDynamoDbStateStore(
  tableName: string,
  region: string | null,
  settings: AwsClientSettings,
): DynamoDbStateStore {
  // Not paced (no DynamoDB budget in pacing.ts: on-demand tables scale far beyond the bot's few calls).
  const client = makeClient(DynamoDBClient, 'dynamodb', settings, { region, timeouts: TIMEOUTS.stateTable });
  return new DynamoDbStateStore({ client, tableName });
}
