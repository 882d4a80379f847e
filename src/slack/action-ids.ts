// The one place that names what Slack routes to us: the slash command and the button action ids. Renderers
// and listeners both import from here, and the manifest contract test checks the manifest against it.

import type { FixId } from '../remediation/types.js';

export const COMMAND_NAME = '/apigw-diagnose';

export const ACTION_IDS = {
  enableLogging: 'enable-logging',
  enablePrivateDns: 'enable-private-dns',
  redeployStage: 'redeploy-stage',
  rerun: 'rerun',
} as const;

export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

export const FIX_ACTION_IDS: readonly FixId[] = [
  ACTION_IDS.enableLogging,
  ACTION_IDS.enablePrivateDns,
  ACTION_IDS.redeployStage,
];

export const ALL_ACTION_IDS: readonly ActionId[] = Object.values(ACTION_IDS);

export function isFixId(value: string): value is FixId {
  return (FIX_ACTION_IDS as readonly string[]).includes(value);
}

/** Button labels (plain text, ≤ 75 chars). */
export const FIX_LABELS: Record<FixId, string> = {
  'enable-logging': 'Enable execution logging',
  'enable-private-dns': 'Enable private DNS',
  'redeploy-stage': 'Redeploy stage',
};
