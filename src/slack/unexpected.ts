// An unexpected failure must reach the person who asked, never end in silence: it is logged with a
// correlation id and the same id is posted where they will look (the thread, else the channel).

import { randomBytes } from 'node:crypto';
import type { Logger } from '../log.js';
import type { SlackPoster } from './poster.js';
import { renderUnexpectedError } from './render/notices.js';

export function newCorrelationId(): string {
  return randomBytes(5).toString('hex');
}

export interface FailureWhere {
  channelId: string | null;
  threadTs?: string | null;
  /** What the bot was doing, as words for the user: "diagnosing a1b2c3d4e5". */
  doing: string;
}

/** Logs the error and tells the channel; returns the correlation id. Never throws. */
export async function reportUnexpected(
  slack: SlackPoster,
  logger: Logger,
  error: unknown,
  where: FailureWhere,
): Promise<string> {
  const correlationId = newCorrelationId();
  logger.error(
    { err: error, correlationId, channelId: where.channelId, doing: where.doing },
    'unexpected failure',
  );
  if (where.channelId) {
    try {
      await slack.post(
        where.channelId,
        renderUnexpectedError(correlationId, where.doing),
        where.threadTs ?? null,
      );
    } catch (postError) {
      logger.error(
        { err: postError, correlationId },
        'could not tell the channel about an unexpected failure',
      );
    }
  }
  return correlationId;
}
