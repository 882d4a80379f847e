import { describe, expect, it } from 'vitest';
import { codeBlock, escapeEntities, inlineCode, plain, prose, truncate } from '../../src/slack/escape.js';

describe('escapeEntities', () => {
  it('escapes &, < and > so AWS text cannot ping a channel or hide a link', () => {
    expect(escapeEntities('<!channel> & <https://evil|click>')).toBe(
      '&lt;!channel&gt; &amp; &lt;https://evil|click&gt;',
    );
  });
});

describe('prose', () => {
  it('neutralises bold, strike and code markers in untrusted text', () => {
    const out = prose('*bold* ~strike~ `code`', 100);

    expect(out).not.toMatch(/[*~`]/);
    expect(out).toContain('bold');
  });

  it('keeps underscores inside identifiers but breaks those that could open italics', () => {
    const out = prose('API_NOT_FOUND and _italic_', 100);

    expect(out).toContain('API_NOT_FOUND');
    expect(out).not.toContain('_italic_');
  });

  it('never leaves half an entity when it truncates', () => {
    const out = prose(`${'a'.repeat(8)}<<<<`, 12);

    expect(out.length).toBeLessThanOrEqual(12);
    expect(out).not.toMatch(/&[a-z]*…$/);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('inlineCode and codeBlock', () => {
  it('replaces backticks that would close the code span', () => {
    expect(inlineCode('a`b')).toBe('`a\u02CBb`');
  });

  it('keeps a code block fenced when the text contains triple backticks', () => {
    const out = codeBlock('x```y\n<b>', 100);

    expect(out.startsWith('```')).toBe(true);
    expect(out.endsWith('```')).toBe(true);
    expect(out.slice(3, -3)).not.toContain('`');
    expect(out).toContain('&lt;b&gt;');
  });

  it('cuts long logs to the line and character budget', () => {
    const log = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');

    const out = codeBlock(log, 300, 5);

    expect(out.length).toBeLessThanOrEqual(300);
    expect(out).toContain('95 more lines');
  });
});

describe('truncate and plain', () => {
  it('does not split a surrogate pair', () => {
    expect(truncate('ab😀cd', 4)).toBe('ab…');
  });

  it('flattens newlines in plain text', () => {
    expect(plain('a\nb', 10)).toBe('a b');
  });
});
