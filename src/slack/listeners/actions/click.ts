// Reads the parts of a block_actions payload the flows need. Payloads come from the network: a click without
// a channel or message (which Slack never sends for our buttons) is logged and dropped.

import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Logger } from '../../../log.js';
import type { ButtonClick } from '../../fix-flow.js';

export function clickFrom(body: BlockAction, action: ButtonAction, logger: Logger): ButtonClick | null {
  const channelId = body.channel?.id ?? body.container?.channel_id;
  const messageTs = body.message?.ts ?? body.container?.message_ts;
  if (typeof channelId !== 'string' || typeof messageTs !== 'string') {
    logger.warn(
      { actionId: action.action_id, userId: body.user?.id },
      'button click without a channel message',
    );
    return null;
  }
  const userName = body.user.username ?? body.user.name;
  return {
    channelId,
    messageTs,
    // The request gate guarantees a string action_ts; Bolt's type does not know it.
    actionTs: String(action.action_ts),
    actionId: action.action_id,
    actor: { userId: body.user.id, ...(userName ? { userName } : {}) },
    rawValue: action.value,
  };
}
