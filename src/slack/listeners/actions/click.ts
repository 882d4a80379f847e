// Reads the parts of a block_actions payload the flows need. Payloads come from the network: a click without
// a channel or message (which Slack never sends for our buttons) is logged and dropped.

import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { Logger } from '../../../log.js';
import type { ButtonClick } from '../../fix-flow.js';
import { ephemeralResponder, type GuardDeps, guarded } from '../guard.js';

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

/** One button's listener: ack at once, read the click, then run the flow guarded (tracked, failures reported). */
export function onButton(
  app: App,
  deps: GuardDeps,
  actionId: string,
  doing: string,
  run: (click: ButtonClick) => Promise<void>,
): void {
  app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
    await ack();
    const click = clickFrom(body, action, deps.logger);
    if (!click) return;
    await guarded(
      deps,
      { channelId: click.channelId, threadTs: click.messageTs, respond: ephemeralResponder(respond), doing },
      () => run(click),
    );
  });
}
