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
  /** The text outside code spans: where Slack would apply bold, strike-through or italics. */
  const outsideCode = (mrkdwn: string) => mrkdwn.replace(/`[^`\n]+`/g, '');

  it('puts words with bold or strike markers in code spans, where Slack formats nothing', () => {
    const out = prose('*bold* ~strike~ `code`', 100);

    expect(out).toBe('`*bold*` `~strike~` `code`');
    expect(outsideCode(out)).not.toMatch(/[*~`]/);
  });

  it.each([
    [
      'a CLI patch path',
      'Run op=replace,path=/*/*/logging/loglevel,value=INFO now.',
      '`op=replace,path=/*/*/logging/loglevel,value=INFO`',
    ],
    [
      'an ARN with wildcards',
      'Resource arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/GET/*, evaluated.',
      '`arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/*/GET/*`,',
    ],
    ['a wildcard in parentheses', 'on (execute-api:/*).', '(`execute-api:/*`).'],
    [
      'a command the author marked',
      'Run `aws apigateway update-stage --patch-operations op=replace,path=/*/*/metrics/enabled,value=true`.',
      '`aws apigateway update-stage --patch-operations op=replace,path=/*/*/metrics/enabled,value=true`.',
    ],
    [
      'a policy snippet',
      'Add `{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}` to it',
      '`{"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}`',
    ],
  ])('keeps %s copyable: the exact characters, in a code span', (_name, text, expected) => {
    const out = prose(text, 500);

    expect(out).toContain(expected);
    expect(out).not.toMatch(/[\u2217\u223C]/);
    expect(outsideCode(out)).not.toMatch(/[*~]/);
  });

  it('escapes entities inside code spans too, so a span cannot ping or link', () => {
    expect(prose('`<!channel> & <https://x|y>`', 100)).toBe('`&lt;!channel&gt; &amp; &lt;https://x|y&gt;`');
  });

  it('fences a word with an unpaired backtick, which no code span could hold, keeping the backtick', () => {
    expect(prose('see a`b now', 100)).toBe('see ```a`b``` now');
  });

  it.each([
    ['a path', 'GET /_health failed.', 'GET `/_health` failed.'],
    ['a stage', 'Stage _beta has no deployment', 'Stage `_beta` has no'],
    ['a log group', 'In /aws/lambda/_my_fn, nothing.', 'In `/aws/lambda/_my_fn`, nothing.'],
  ])('keeps %s with an underscore at a word edge exact, in a code span', (_name, text, expected) => {
    const out = prose(text, 200);

    expect(out).toContain(expected);
    expect(out).not.toMatch(/[\u02CD\u02CB]/);
  });

  it('shows ARNs, AWS resource ids and the ids it is given as code, leaving other words alone', () => {
    const out = prose(
      'Endpoint vpce-0a1b2c3d4e5f60718 of arn:aws:iam::123456789012:role/x, API a1b2c3d4e5 works.',
      300,
      { ids: ['a1b2c3d4e5'] },
    );

    expect(out).toBe(
      'Endpoint `vpce-0a1b2c3d4e5f60718` of `arn:aws:iam::123456789012:role/x`, API `a1b2c3d4e5` works.',
    );
  });

  it('drops a code span cut by truncation rather than leave it open', () => {
    const out = prose(`abc \`${'x'.repeat(50)}\` tail`, 20);

    expect(out).toBe('abc…');
  });

  it('keeps underscores inside identifiers but breaks those that could open italics', () => {
    const out = prose('API_NOT_FOUND and _italic_', 100);

    expect(out).toContain('API_NOT_FOUND and ');
    expect(out).toContain('`_italic_`');
  });

  it('never leaves half an entity when it truncates', () => {
    const out = prose(`${'a'.repeat(8)}<<<<`, 12);

    expect(out.length).toBeLessThanOrEqual(12);
    expect(out).not.toMatch(/&[a-z]*…$/);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('inlineCode and codeBlock', () => {
  it('fences a value with a backtick, which would close a code span, and keeps the backtick', () => {
    expect(inlineCode('a`b')).toBe('```a`b```');
  });

  it('keeps a code block fenced when the text contains triple backticks, splitting only that run', () => {
    const out = codeBlock('x```y\n<b>', 100);

    expect(out.startsWith('```')).toBe(true);
    expect(out.endsWith('```')).toBe(true);
    expect(out.slice(3, -3)).not.toContain('```');
    expect(out.slice(3, -3).replace(/\u200B/g, '')).toBe('x```y\n&lt;b&gt;');
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
