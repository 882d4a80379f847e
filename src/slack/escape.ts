// Every untrusted string (AWS messages, log lines, policy text, tags, names) goes through this module before
// it reaches a Slack message. Slack mrkdwn has no escape character, so:
//   - `&`, `<`, `>` become entities (otherwise `<!channel>` pings everyone and `<url|x>` hides a link);
//   - in prose, text that holds `*` or `~` (an ARN, `path=/*/*/logging/loglevel`, a glob) is put in a code span,
//     where Slack does no formatting, so the characters stay exactly as they are and survive copy-paste (never a
//     look-alike: `∗` pasted into a shell or a policy is a different character). Text between a pair of
//     backticks is a code span too — the checks mark commands that way. An unpaired backtick becomes `ˋ`;
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

/** Only the backtick, which no code span can hold, is ever replaced (by `ˋ`, modifier letter grave accent). */
const LOOKALIKES: Record<string, string> = {
  '`': '\u02CB',
};

/** A pair of backticks around one line of text: a code span the author meant. */
const CODE_SPAN = /`([^`\n]+)`/g;
/** A word holding `*` or `~`, split into the punctuation before it, the word, and the punctuation after it. */
const FORMATTING_WORD = /^([("']*)(.*?[*~].*?)([.,;:)"']*)$/s;

/**
 * Untrusted text shown as prose. Text between backticks and any word holding `*` or `~` become code spans (see
 * the header: copy-safe, and no bold or strike-through can result). Underscores inside words (identifiers like
 * `API_NOT_FOUND`) are kept; one that could open or close italics (at a word edge) becomes `ˍ`.
 */
export function prose(text: string, max: number): string {
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(CODE_SPAN)) {
    parts.push(plainProse(text.slice(last, match.index)), codeSpan(match[1] ?? ''));
    last = match.index + match[0].length;
  }
  parts.push(plainProse(text.slice(last)));
  return truncateProse(parts.join(''), max);
}

/** Prose without paired backticks: word by word, a word holding `*` or `~` becomes a code span. */
function plainProse(text: string): string {
  return text
    .split(/(\s+)/)
    .map((chunk) => {
      const word = FORMATTING_WORD.exec(chunk);
      if (!word) return neutralProse(chunk);
      const [, open = '', token = '', close = ''] = word;
      return `${neutralProse(open)}${codeSpan(token)}${neutralProse(close)}`;
    })
    .join('');
}

/** Entities escaped, stray backticks and italic-opening underscores replaced: prose with no markup at all. */
function neutralProse(text: string): string {
  return escapeEntities(text)
    .replace(/`/g, LOOKALIKES['`'] ?? "'")
    .replace(/(^|[^\p{L}\p{N}])_|_(?=$|[^\p{L}\p{N}])/gu, (match) => match.replace('_', '\u02CD'));
}

function codeSpan(text: string): string {
  return `\`${escapeEntities(text).replace(/`/g, LOOKALIKES['`'] ?? "'")}\``;
}

/** Like truncate, but a cut inside a code span drops the opened span rather than leave a stray backtick. */
function truncateProse(text: string, max: number): string {
  const cut = truncate(text, max);
  if (cut === text) return cut;
  const ticks = (cut.match(/`/g) ?? []).length;
  if (ticks % 2 === 0) return cut;
  return `${cut.slice(0, cut.lastIndexOf('`')).trimEnd()}${ELLIPSIS}`;
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
