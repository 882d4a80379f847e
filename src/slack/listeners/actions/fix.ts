// One listener per fix of the registry (src/remediation/registry.ts), under its id: ack, then the fix flow.

import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { FixId } from '../../../remediation/types.js';
import { FIX_ACTION_IDS } from '../../action-ids.js';
import { type FixFlowDeps, runFixFromSlack } from '../../fix-flow.js';
import { ephemeralResponder, type GuardDeps, guarded } from '../guard.js';
import { clickFrom } from './click.js';

export type FixActionDeps = FixFlowDeps & GuardDeps;

function registerFix(app: App, fix: FixId, deps: FixActionDeps): void {
  app.action<BlockAction<ButtonAction>>(fix, async ({ ack, body, action, respond }) => {
    await ack();
    const click = clickFrom(body, action, deps.logger);
    if (!click) return;
    await guarded(
      deps,
      {
        channelId: click.channelId,
        threadTs: click.messageTs,
        respond: ephemeralResponder(respond),
        doing: `running ${fix}`,
      },
      () => runFixFromSlack(deps, fix, click),
    );
  });
}

export function registerFixActions(app: App, deps: FixActionDeps): void {
  for (const fix of FIX_ACTION_IDS) registerFix(app, fix, deps);
}
