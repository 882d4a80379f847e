// The Undo button of a fix's audit line: ack, then the undo flow (which checks who may and whether it still can).

import type { App } from '@slack/bolt';
import { UNDO_ACTION_ID } from '../../action-ids.js';
import { runUndoFromSlack } from '../../fix-flow.js';
import { onButton } from './click.js';
import type { FixActionDeps } from './fix.js';

export function registerUndoAction(app: App, deps: FixActionDeps): void {
  onButton(app, deps, UNDO_ACTION_ID, 'undoing a fix', (click) => runUndoFromSlack(deps, click));
}
