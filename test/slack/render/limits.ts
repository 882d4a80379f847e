// Slack's limits, checked on every block of a rendered message.

import { expect } from 'vitest';
import type { SlackMessage } from '../../../src/slack/render/message.js';

export function expectWithinSlackLimits(message: SlackMessage): void {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.blocks.length).toBeLessThanOrEqual(50);
  expect(JSON.stringify(message.blocks).length).toBeLessThan(12_000);
  const actionIds = new Set<string>();
  // Loosely typed on purpose: the checks read every optional field a block may carry.
  // biome-ignore lint/suspicious/noExplicitAny: inspecting arbitrary Block Kit JSON
  for (const block of JSON.parse(JSON.stringify(message.blocks)) as any[]) {
    if (block.type === 'section') {
      if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(2000);
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10);
    }
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(150);
    if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(10);
    if (block.type === 'actions') {
      expect(block.elements.length).toBeLessThanOrEqual(25);
      for (const element of block.elements) {
        expect(element.text.text.length).toBeLessThanOrEqual(75);
        expect((element.value ?? '').length).toBeLessThanOrEqual(2000);
        expect(actionIds.has(element.action_id)).toBe(false);
        actionIds.add(element.action_id);
        if (element.confirm) {
          expect(element.confirm.title.text.length).toBeLessThanOrEqual(100);
          expect(element.confirm.text.text.length).toBeLessThanOrEqual(300);
          expect(element.confirm.confirm.text.length).toBeLessThanOrEqual(30);
          expect(element.confirm.deny.text.length).toBeLessThanOrEqual(30);
        }
      }
    }
  }
}
