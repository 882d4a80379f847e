// The Re-run button: anyone may press it; it repeats the diagnosis into the same thread.

import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { RERUN_ACTION_ID } from '../../action-ids.js';
import type { DiagnosisFlowDeps } from '../../diagnosis-flow.js';
import { runRerunFromSlack } from '../../fix-flow.js';
import { ephemeralResponder, type GuardDeps, guarded } from '../guard.js';
import { clickFrom } from './click.js';

export function registerRerunAction(app: App, deps: DiagnosisFlowDeps & GuardDeps): void {
  app.action<BlockAction<ButtonAction>>(RERUN_ACTION_ID, async ({ ack, body, action, respond }) => {
    await ack();
    const click = clickFrom(body, action, deps.logger);
    if (!click) return;
    await guarded(
      deps,
      {
        channelId: click.channelId,
        threadTs: click.messageTs,
        respond: ephemeralResponder(respond),
        doing: 're-running the diagnosis',
      },
      () => runRerunFromSlack(deps, click),
    );
  });
}
