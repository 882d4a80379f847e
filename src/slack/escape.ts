// Every untrusted string (AWS messages, log lines, policy text, tags, names) goes through this module before
// it reaches a Slack message. Slack mrkdwn has no escape character, so:
//   - `&`, `<`, `>` become entities (otherwise `<!channel>` pings everyone and `<url|x>` hides a link);
//   - in prose, the formatting characters become look-alikes so AWS text cannot turn into bold/strike/code;
//   - in code spans and blocks, where formatting is off, only backticks (which would close the span) change.
// Truncation happens here too, after escaping, so an entity is never cut in half.

const ELLIPSIS = '…';

export function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Shortens to at most `max` UTF-16 units, ending in `…` when cut; never splits a surrogate pair or entity. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, max);
  let cut = text.slice(0, max - ELLIPSIS.length);
  // A trailing high surrogate would leave half an emoji.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  // A trailing partial entity (`&am`) would render as garbage.
  cut = cut.replace(/&[a-z]{0,4}$/, '');
  return cut + ELLIPSIS;
}

const LOOKALIKES: Record<string, string> = {
  '*': '\u2217', // ∗ asterisk operator
  '~': '\u223C', // ∼ tilde operator
  '`': '\u02CB', // ˋ modifier letter grave accent
};

/**
 * Untrusted text shown as prose. Underscores inside words (identifiers like `API_NOT_FOUND`) are kept;
 * one that could open or close italics (at a word edge) becomes `ˍ`.
 */
export function prose(text: string, max: number): string {
  const neutralised = escapeEntities(text)
    .replace(/[*~`]/g, (char) => LOOKALIKES[char] ?? char)
    .replace(/(^|[^\p{L}\p{N}])_|_(?=$|[^\p{L}\p{N}])/gu, (match) => match.replace('_', '\u02CD'));
  return truncate(neutralised, max);
}

/** Untrusted value shown as inline code: one line, no backtick that would end the span. */
export function inlineCode(text: string, max = 200): string {
  const oneLine = text.replace(/\s*[\r\n]+\s*/g, ' ');
  return `\`${truncate(escapeEntities(oneLine).replace(/`/g, LOOKALIKES['`'] ?? "'"), max - 2)}\``;
}

/** Untrusted multi-line text (logs, policies) as a fenced block, cut to `maxLines` and `max` chars in total. */
export function codeBlock(text: string, max: number, maxLines = 25): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept = lines.slice(0, maxLines);
  if (lines.length > maxLines) kept.push(`… ${lines.length - maxLines} more lines`);
  const body = escapeEntities(kept.join('\n')).replace(/`/g, LOOKALIKES['`'] ?? "'");
  return `\`\`\`${truncate(body, Math.max(max - 6, 1))}\`\`\``;
}

/** Text for plain_text fields (button labels, headers): Slack shows it verbatim, so only length matters. */
export function plain(text: string, max: number): string {
  return truncate(text.replace(/\s*[\r\n]+\s*/g, ' '), max);
}
