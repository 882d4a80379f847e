// CloudTrail event history → the UpdateRestApi calls on one REST API. The deployment check compares their times
// with the stage's deployment: a resource-policy change saved after it is not live (domain-reference A4, option 2).

import { type CloudTrailClient, type Event, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type { RestApiUpdate, RestApiUpdateHistory } from '../diagnosis/facts.js';
import type { CloudTrailReader } from '../diagnosis/ports.js';
import { toAwsCallError } from './errors.js';

/** LookupEvents' largest page. One page only: the API allows 2 requests/s per account and region. */
const PAGE_SIZE = 50;
const EVENT_NAME = 'UpdateRestApi';
/**
 * Errors that mean the endpoint does not serve LookupEvents at all (an emulator or a proxy answered): AWS itself
 * always answers in CloudTrail's JSON, so a body that is not JSON cannot be CloudTrail's.
 */
const NOT_CLOUDTRAIL = new Set(['SyntaxError', 'UnknownOperationException', 'InvalidAction']);

export class SdkCloudTrailReader implements CloudTrailReader {
  constructor(private readonly client: CloudTrailClient) {}

  /**
   * LookupEvents takes one lookup attribute and does not index API Gateway calls by API id, so it asks for every
   * UpdateRestApi of the region and keeps this API's successful ones.
   */
  async restApiUpdates(apiId: string, startMs: number, endMs: number): Promise<RestApiUpdateHistory> {
    let events: Event[];
    let nextToken: string | undefined;
    try {
      const out = await this.client.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: EVENT_NAME }],
          StartTime: new Date(startMs),
          EndTime: new Date(endMs),
          MaxResults: PAGE_SIZE,
        }),
      );
      events = out.Events ?? [];
      nextToken = out.NextToken;
    } catch (err) {
      const name = (err as { name?: unknown } | null)?.name;
      if (typeof name === 'string' && NOT_CLOUDTRAIL.has(name)) {
        return {
          state: 'unavailable',
          // The error name (moto's "SyntaxError") is an emulator artefact: the user reads what it means.
          reason: 'the AWS endpoint did not answer LookupEvents as CloudTrail does: an emulator or a proxy?',
        };
      }
      throw toAwsCallError(err, 'LookupEvents', 'cloudtrail:LookupEvents');
    }
    const times = events.map((e) => e.EventTime?.getTime()).filter((t): t is number => t !== undefined);
    return {
      state: 'read',
      startMs,
      endMs,
      updates: events.flatMap((event) => toUpdate(event, apiId)),
      eventsRead: events.length,
      truncated: Boolean(nextToken),
      oldestEventMs: times.length > 0 ? Math.min(...times) : null,
    };
  }
}

interface TrailRecord {
  eventID?: unknown;
  eventTime?: unknown;
  errorCode?: unknown;
  userIdentity?: { arn?: unknown };
  requestParameters?: Record<string, unknown> | null;
}

/** This API's successful UpdateRestApi call in `event`, if it is one (a refused call changed nothing). */
export function toUpdate(event: Event, apiId: string): RestApiUpdate[] {
  const record = parseRecord(event.CloudTrailEvent);
  if (!record || record.errorCode) return [];
  const params = record.requestParameters ?? {};
  if (params.restApiId !== apiId) return [];
  const eventTime = event.EventTime?.toISOString() ?? stringOrNull(record.eventTime);
  if (!eventTime) return [];
  return [
    {
      eventId: event.EventId ?? stringOrNull(record.eventID) ?? 'unknown',
      eventTime,
      actorArn: stringOrNull(record.userIdentity?.arn),
      patchPaths: patchPaths(params),
    },
  ];
}

/**
 * The paths of the call's patch operations. CloudTrail records the body beside the URI parameters, either flat
 * (`patchOperations`) or wrapped in an input object (`updateRestApiInput.patchOperations`): both are read.
 */
function patchPaths(params: Record<string, unknown>): string[] | null {
  const candidates = [params, ...Object.values(params)];
  for (const candidate of candidates) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const operations = (candidate as { patchOperations?: unknown }).patchOperations;
    if (!Array.isArray(operations)) continue;
    return operations
      .map((op) => (op as { path?: unknown } | null)?.path)
      .filter((path): path is string => typeof path === 'string');
  }
  return null;
}

function parseRecord(json: string | undefined): TrailRecord | null {
  if (!json) return null;
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null ? (parsed as TrailRecord) : null;
  } catch {
    return null;
  }
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
