// The one wrapper every listener's post-ack work runs in: the work is tracked for graceful shutdown, and an
// unexpected failure ends as a message with a correlation id (also logged) instead of silence.

import type { RespondFn } from '@slack/bolt';
import type { Logger } from '../../log.js';
import type { InFlight } from '../in-flight.js';
import type { SlackPoster } from '../poster.js';
import { type FailureWhere, type Respond, reportUnexpected } from '../unexpected.js';

export interface GuardDeps {
  slack: SlackPoster;
  logger: Logger;
  inFlight: InFlight;
}

export async function guarded(
  deps: GuardDeps,
  where: FailureWhere,
  work: () => Promise<void>,
): Promise<void> {
  await deps.inFlight.track(async () => {
    try {
      await work();
    } catch (error) {
      await reportUnexpected(deps.slack, deps.logger, error, where);
    }
  });
}

/** Bolt's `respond` (the request's response_url) as the flows' last-resort channel: ephemeral, never replacing. */
export function ephemeralResponder(respond: RespondFn): Respond {
  return async (message) => {
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: message.text,
      blocks: message.blocks,
    });
  };
}
