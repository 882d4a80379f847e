import {
  type CloudWatchLogsClient,
  type FilteredLogEvent,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import type { LogEvent, LogWindow } from '../diagnosis/facts.js';
import type { LogsReader } from '../diagnosis/ports.js';
import { toAwsCallError } from './errors.js';

const MAX_EVENTS = 1000;

export class SdkLogsReader implements LogsReader {
  constructor(private readonly client: CloudWatchLogsClient) {}

  /**
   * One FilterLogEvents call, without a filter pattern: moto understands only a single phrase, and the
   * checks classify lines locally anyway. FilterLogEvents has a low TPS quota, so we never page further.
   */
  async readWindow(logGroupName: string, startMs: number, endMs: number): Promise<LogWindow> {
    const window = { logGroupName, startMs, endMs };
    try {
      const out = await this.client.send(
        new FilterLogEventsCommand({ logGroupName, startTime: startMs, endTime: endMs, limit: MAX_EVENTS }),
      );
      return {
        ...window,
        logGroupExists: true,
        events: (out.events ?? []).map(toLogEvent),
        truncated: Boolean(out.nextToken),
      };
    } catch (err) {
      const failure = toAwsCallError(err, 'FilterLogEvents', 'logs:FilterLogEvents');
      // API Gateway creates the group on the first logged request: a missing group is a fact, not a failure.
      if (failure.kind === 'not-found')
        return { ...window, logGroupExists: false, events: [], truncated: false };
      throw failure;
    }
  }

  /**
   * The events that contain one phrase (a request id): a quoted-phrase filter pattern, which CloudWatch Logs
   * matches exactly and moto understands too. One page: a request id appears on a few dozen lines at most.
   */
  async findPhrase(
    logGroupName: string,
    phrase: string,
    startMs: number,
    endMs: number,
  ): Promise<LogEvent[] | null> {
    try {
      const out = await this.client.send(
        new FilterLogEventsCommand({
          logGroupName,
          startTime: startMs,
          endTime: endMs,
          filterPattern: `"${phrase.replace(/"/g, '')}"`,
          limit: MAX_EVENTS,
        }),
      );
      return (out.events ?? []).map(toLogEvent);
    } catch (err) {
      const failure = toAwsCallError(err, 'FilterLogEvents', 'logs:FilterLogEvents');
      if (failure.kind === 'not-found') return null;
      throw failure;
    }
  }
}

function toLogEvent(event: FilteredLogEvent): LogEvent {
  return {
    timestamp: event.timestamp ?? 0,
    message: event.message ?? '',
    logStreamName: event.logStreamName ?? '',
  };
}
