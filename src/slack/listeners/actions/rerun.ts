// The Re-run button: anyone may press it; it repeats the diagnosis into the same thread.

import type { App } from '@slack/bolt';
import { RERUN_ACTION_ID } from '../../action-ids.js';
import type { DiagnosisFlowDeps } from '../../diagnosis-flow.js';
import { runRerunFromSlack } from '../../fix-flow.js';
import type { GuardDeps } from '../guard.js';
import { onButton } from './click.js';

export function registerRerunAction(app: App, deps: DiagnosisFlowDeps & GuardDeps): void {
  onButton(app, deps, RERUN_ACTION_ID, 're-running the diagnosis', (click) => runRerunFromSlack(deps, click));
}
