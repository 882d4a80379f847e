// Registers every listener, grouped by Slack surface.

import type { App } from '@slack/bolt';
import { type FixActionDeps, registerFixActions } from './actions/fix.js';
import { registerRerunAction } from './actions/rerun.js';
import { registerUndoAction } from './actions/undo.js';
import { registerDiagnoseCommand } from './commands/diagnose.js';

export function registerListeners(app: App, deps: FixActionDeps): void {
  registerDiagnoseCommand(app, deps);
  registerFixActions(app, deps);
  registerRerunAction(app, deps);
  registerUndoAction(app, deps);
}
