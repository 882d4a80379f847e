import { type CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { LogWindow } from '../diagnosis/facts.js';
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
        events: (out.events ?? []).map((event) => ({
          timestamp: event.timestamp ?? 0,
          message: event.message ?? '',
          logStreamName: event.logStreamName ?? '',
        })),
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
}
