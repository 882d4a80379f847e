// An unexpected failure must reach the person who asked, never end in silence: it is logged with a
// correlation id and the same id is shown where they will look — in place of the "Diagnosing…" message when
// there is one, else in the thread or channel, else (the bot cannot post there) through the command's
// response_url, which works even in a channel the bot is not a member of.

import { randomBytes } from 'node:crypto';
import type { Logger } from '../log.js';
import type { SlackPoster } from './poster.js';
import type { SlackMessage } from './render/message.js';
import { renderUnexpectedError } from './render/notices.js';

export function newCorrelationId(): string {
  return randomBytes(5).toString('hex');
}

/** Answers through the request's response_url (ephemeral): Bolt's `respond`, adapted. */
export type Respond = (message: SlackMessage) => Promise<void>;

export interface FailureWhere {
  channelId: string | null;
  threadTs?: string | null;
  /** A message of ours that should show the failure instead of what it says now ("Diagnosing…"). */
  replaceTs?: string | null;
  /** Last resort when the bot cannot post in the channel at all. */
  respond?: Respond | null;
  /** What the bot was doing, as words for the user: "diagnosing a1b2c3d4e5". */
  doing: string;
}

/** Slack errors that mean "the bot may not post here": the user must invite it, not call the operators. */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

export function slackErrorCode(error: unknown): string | null {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : null;
}

/** Logs the error and tells the user; returns the correlation id. Never throws. */
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
  const code = slackErrorCode(error);
  const cannotPost = code !== null && CANNOT_POST.has(code);
  const message = renderUnexpectedError(correlationId, where.doing, cannotPost ? code : null);
  const { replaceTs, respond } = where;
  // When Slack refused to let us post in the channel, posting the failure there would be refused too.
  const channelId = cannotPost ? null : where.channelId;
  const ways: Array<[string, () => Promise<unknown>]> = [];
  if (channelId && replaceTs) ways.push(['chat.update', () => slack.update(channelId, replaceTs, message)]);
  if (channelId)
    ways.push(['chat.postMessage', () => slack.post(channelId, message, where.threadTs ?? null)]);
  if (respond) ways.push(['response_url', () => respond(message)]);
  for (const [way, tell] of ways) {
    try {
      await tell();
      return correlationId;
    } catch (postError) {
      logger.warn({ err: postError, correlationId, way }, 'could not tell the user about a failure this way');
    }
  }
  logger.error({ correlationId }, 'could not tell the user about an unexpected failure');
  return correlationId;
}
