// CloudTrail event history → the UpdateRestApi calls on one REST API. The deployment check compares their times
// with the stage's deployment: a resource-policy change saved after it is not live (domain-reference A4, option 2).
// Also the recent CreateDomainNameAccessAssociation calls: the only record of when an access association was made.

import { type CloudTrailClient, type Event, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import type {
  AccessAssociationCreation,
  AccessAssociationCreationHistory,
  RestApiUpdate,
  RestApiUpdateHistory,
} from '../diagnosis/facts.js';
import type { CloudTrailReader } from '../diagnosis/ports.js';
import { toAwsCallError } from './errors.js';

/** LookupEvents' largest page. One page only: the API allows 2 requests/s per account and region. */
const PAGE_SIZE = 50;
const EVENT_NAME = 'UpdateRestApi';

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
      // Every failure is one: a truncated body, an HTML error page from a proxy or an unknown operation are not
      // "no history" — the history could not be read, and the deployment check says so (issue 11).
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

  /** One page of CreateDomainNameAccessAssociation events: the window is minutes long, so one page holds it. */
  async accessAssociationCreations(
    startMs: number,
    endMs: number,
  ): Promise<AccessAssociationCreationHistory> {
    try {
      const out = await this.client.send(
        new LookupEventsCommand({
          LookupAttributes: [
            { AttributeKey: 'EventName', AttributeValue: 'CreateDomainNameAccessAssociation' },
          ],
          StartTime: new Date(startMs),
          EndTime: new Date(endMs),
          MaxResults: PAGE_SIZE,
        }),
      );
      const creations = (out.Events ?? []).flatMap(toCreation);
      return { startMs, endMs, creations, truncated: Boolean(out.NextToken) };
    } catch (err) {
      throw toAwsCallError(err, 'LookupEvents', 'cloudtrail:LookupEvents');
    }
  }
}

interface TrailRecord {
  eventID?: unknown;
  eventTime?: unknown;
  errorCode?: unknown;
  userIdentity?: { arn?: unknown };
  requestParameters?: Record<string, unknown> | null;
  responseElements?: Record<string, unknown> | null;
}

/**
 * The association a successful CreateDomainNameAccessAssociation call made. Its fields are looked for in the
 * request parameters and the response, flat or inside one wrapping object, as CloudTrail records bodies either way.
 */
export function toCreation(event: Event): AccessAssociationCreation[] {
  const record = parseRecord(event.CloudTrailEvent);
  if (!record || record.errorCode) return [];
  const eventTime = event.EventTime?.toISOString() ?? stringOrNull(record.eventTime);
  if (!eventTime) return [];
  const field = (name: string) =>
    findField(record.requestParameters, name) ?? findField(record.responseElements, name);
  return [
    {
      eventId: event.EventId ?? stringOrNull(record.eventID) ?? 'unknown',
      eventTime,
      actorArn: stringOrNull(record.userIdentity?.arn),
      domainNameArn: field('domainNameArn'),
      source: field('accessAssociationSource'),
    },
  ];
}

function findField(params: Record<string, unknown> | null | undefined, name: string): string | null {
  if (!params) return null;
  for (const candidate of [params, ...Object.values(params)]) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const value = stringOrNull((candidate as Record<string, unknown>)[name]);
    if (value) return value;
  }
  return null;
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
