// One listener per fix of the registry (src/remediation/registry.ts), under its id: ack, then the fix flow.

import type { App } from '@slack/bolt';
import { FIX_ACTION_IDS } from '../../action-ids.js';
import { type FixFlowDeps, runFixFromSlack } from '../../fix-flow.js';
import type { GuardDeps } from '../guard.js';
import { onButton } from './click.js';

export type FixActionDeps = FixFlowDeps & GuardDeps;

export function registerFixActions(app: App, deps: FixActionDeps): void {
  for (const fix of FIX_ACTION_IDS) {
    onButton(app, deps, fix, `running ${fix}`, (click) => runFixFromSlack(deps, fix, click));
  }
}
