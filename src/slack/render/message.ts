// Shapes and limits shared by every renderer. The limits are Slack's (domain-reference A10); the budgets are
// ours, kept well below them so a message never fails with `msg_blocks_too_long`.

import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;
export type ButtonElement = types.Button;

export interface SlackMessage {
  /** Notification / fallback text. */
  text: string;
  blocks: Block[];
}

export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  contextElements: 10,
} as const;

/** Our own ceilings: total block text per message and blocks per message, with headroom. */
export const BUDGET = {
  messageChars: 9000,
  blocksPerMessage: 45,
  sectionChars: 2900,
} as const;

export function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

export function context(...texts: string[]): types.ContextBlock {
  return {
    type: 'context',
    elements: texts.slice(0, LIMITS.contextElements).map((text) => ({ type: 'mrkdwn', text })),
  };
}

/** Characters of text a block carries (what Slack's undocumented total-size limit counts, approximately). */
export function blockTextLength(block: Block): number {
  return JSON.stringify(block).length;
}
