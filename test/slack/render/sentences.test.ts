import { describe, expect, it } from 'vitest';
import { fixSentences } from '../../../src/slack/render/sentences.js';

describe('fixSentences', () => {
  it.each<[string, string, number, string | null]>([
    ['no instruction', 'The policy denies it. Nothing else.', 500, null],
    [
      'the instruction alone',
      'It is denied. Add vpce-1 to the list. Callers get 403.',
      500,
      'Add vpce-1 to the list.',
    ],
    [
      'the instruction with where and then',
      'It is denied. Edit Statement[1]: add `vpce-1`. Where: console → APIs. Then redeploy: `aws x`. Other.',
      500,
      'Edit Statement[1]: add `vpce-1`. Where: console → APIs. Then redeploy: `aws x`.',
    ],
    [
      'only the continuations that fit whole',
      'Edit Statement[1]: add `vpce-1`. Where: console → APIs. Then redeploy: `aws x`.',
      60,
      'Edit Statement[1]: add `vpce-1`. Where: console → APIs.',
    ],
  ])('%s', (_name, detail, max, expected) => {
    expect(fixSentences(detail, max)).toBe(expected);
  });
});
