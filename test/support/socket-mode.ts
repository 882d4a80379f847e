// The Socket Mode stand-in for tests (plain ESM in scripts/, shared with `npm run stress`), and envelope payloads
// built from the same Slack-shaped requests the HTTP tests sign: a slash command's fields as a JSON object, a
// click's `block_actions` object.

import {
  type ButtonClickPayload,
  blockActionsBody,
  type SlashCommand,
  slashCommandBody,
} from './slack-requests.js';

export { type SocketModeStandIn, startSocketModeStandIn } from '../../scripts/socket-mode-stand-in.mjs';

/** A `slash_commands` envelope's payload: the fields Slack would POST, as JSON strings. */
export function slashCommandPayload(command: SlashCommand): Record<string, unknown> {
  return Object.fromEntries(new URLSearchParams(slashCommandBody(command)));
}

/** An `interactive` envelope's payload: the `block_actions` object Slack would POST as `payload=`. */
export function blockActionsPayload(click: ButtonClickPayload): Record<string, unknown> {
  const payload = new URLSearchParams(blockActionsBody(click)).get('payload');
  return JSON.parse(payload ?? 'null') as Record<string, unknown>;
}
