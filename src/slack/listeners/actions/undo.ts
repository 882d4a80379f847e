// The Undo button of a fix's audit line: ack, then the undo flow (which checks who may and whether it still can).

import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { UNDO_ACTION_ID } from '../../action-ids.js';
import { runUndoFromSlack } from '../../fix-flow.js';
import { ephemeralResponder, guarded } from '../guard.js';
import { clickFrom } from './click.js';
import type { FixActionDeps } from './fix.js';

export function registerUndoAction(app: App, deps: FixActionDeps): void {
  app.action<BlockAction<ButtonAction>>(UNDO_ACTION_ID, async ({ ack, body, action, respond }) => {
    await ack();
    const click = clickFrom(body, action, deps.logger);
    if (!click) return;
    await guarded(
      deps,
      {
        channelId: click.channelId,
        threadTs: click.messageTs,
        respond: ephemeralResponder(respond),
        doing: 'undoing a fix',
      },
      () => runUndoFromSlack(deps, click),
    );
  });
}
