// The one place that names what Slack routes to us: the slash command and the button action ids. A fix
// button's action id is its remediation id (from the fix registry); Re-run is a Slack action of its own.
// Renderers and listeners both import from here, and the manifest contract test checks the manifest against it.

import { FIX_IDS } from '../remediation/registry.js';
import type { FixId } from '../remediation/types.js';

export const COMMAND_NAME = '/apigw-diagnose';

/** The Re-run button: the whole diagnosis again. Not a fix: no allow-list, no dialog, no remediation id. */
export const RERUN_ACTION_ID = 'rerun';

/** The Undo button on the audit line of a fix that can be undone (its value is the undo reference). */
export const UNDO_ACTION_ID = 'undo';

export const FIX_ACTION_IDS: readonly FixId[] = FIX_IDS;

export const ALL_ACTION_IDS: readonly string[] = [...FIX_ACTION_IDS, RERUN_ACTION_ID, UNDO_ACTION_ID];
