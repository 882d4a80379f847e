// Every untrusted string (AWS messages, log lines, policy text, tags, names) goes through this module before
// it reaches a Slack message. Slack mrkdwn has no escape character, and no character is ever swapped for a
// look-alike (a `∗` or `ˍ` pasted into a shell or a policy is a different character). So:
//   - `&`, `<`, `>` become entities, the only escaping Slack documents (otherwise `<!channel>` pings everyone and
//     `<url|x>` hides a link);
//   - in prose, a word Slack could format — one holding `*` or `~`, or `_` at a word edge (`/_health`, `_beta`) —
//     and every identifier a reader may copy (an ARN, an AWS resource id, the ids the caller names) is put in a
//     code span, where Slack formats nothing, so it stays exactly as it is and copies as one piece. Text between
//     a pair of backticks is a code span too — the checks mark commands that way;
//   - a backtick no code span can hold (a stray one in prose, one inside an inline value) puts its word in a
//     fenced block, where a single backtick is plain text;
//   - in code spans and blocks, where formatting is off, nothing else changes.
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

/** A pair of backticks around one line of text: a code span the author meant. */
const CODE_SPAN = /`([^`\n]+)`/g;
/** A word, split into the punctuation before it, the word, and the sentence punctuation after it. */
const WORD = /^([("'[]*)(.*?)([.,;:)"'\]]*)$/s;
/** Characters Slack would read as bold or strike-through markers anywhere in a word. */
const FORMATTING_MARK = /[*~]/;
/** An underscore at a word edge: Slack could read it as opening or closing italics. */
const EDGE_UNDERSCORE = /(^|[^\p{L}\p{N}])_|_(?=$|[^\p{L}\p{N}])/u;
/** ARNs and AWS resource ids (vpce-…, sg-…, rslvr-rr-…): always worth copying whole. */
const AWS_IDENTIFIER =
  /^(?:arn:aws[a-z-]*:\S+|(?:vpce|vpc|sg|subnet|acl|dopt|rtb|eni|tgw|pcx|igw|nat)-(?:[0-9a-f]{8}|[0-9a-f]{17})|rslvr-[a-z]+-[0-9a-z]+)$/;

export interface ProseOptions {
  /** Further identifiers (an API id, a domain name) to show as code where a word is exactly one of them. */
  ids?: readonly string[];
}

/**
 * Untrusted text shown as prose. Text between backticks, words Slack could format and identifiers become code
 * spans (see the header: exact, copy-safe, no bold, strike-through or italics can result).
 */
export function prose(text: string, max: number, options: ProseOptions = {}): string {
  const ids = new Set(options.ids ?? []);
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(CODE_SPAN)) {
    parts.push(plainProse(text.slice(last, match.index), ids), codeSpan(match[1] ?? ''));
    last = match.index + match[0].length;
  }
  parts.push(plainProse(text.slice(last), ids));
  return truncateProse(parts.join(''), max);
}

/** Prose without paired backticks: word by word, a word that needs it becomes code. */
function plainProse(text: string, ids: ReadonlySet<string>): string {
  return text
    .split(/(\s+)/)
    .map((chunk) => {
      if (/^\s*$/.test(chunk)) return chunk;
      if (chunk.includes('`')) return fenced(chunk);
      const [, open = '', token = '', close = ''] = WORD.exec(chunk) ?? [];
      if (token === '') return escapeEntities(chunk);
      const asCode =
        FORMATTING_MARK.test(token) ||
        EDGE_UNDERSCORE.test(token) ||
        AWS_IDENTIFIER.test(token) ||
        ids.has(token);
      if (!asCode) return escapeEntities(chunk);
      // Punctuation around the word that Slack could format stays inside the span with it.
      if (FORMATTING_MARK.test(open + close) || EDGE_UNDERSCORE.test(open + close)) return codeSpan(chunk);
      return `${escapeEntities(open)}${codeSpan(token)}${escapeEntities(close)}`;
    })
    .join('');
}

function codeSpan(text: string): string {
  return text.includes('`') ? fenced(text) : `\`${escapeEntities(text)}\``;
}

/**
 * A fenced block: Slack ends it only at three backticks, so a single or double backtick inside is plain text.
 * A run of three or more (which would end it) is split by a zero-width space, the one character this module
 * ever adds, and only there.
 */
function fenced(text: string): string {
  return `\`\`\`${escapeEntities(text).replace(/``(?=`)/g, '``\u200B')}\`\`\``;
}

/** Like truncate, but a cut inside a code span or fence drops the opened one rather than leave it open. */
function truncateProse(text: string, max: number): string {
  const cut = truncate(text, max);
  if (cut === text) return cut;
  const open = unclosedCodeAt(cut);
  return open === null ? cut : `${cut.slice(0, open).trimEnd()}${ELLIPSIS}`;
}

/** Where a code span or fence opens that the text does not close, or null. */
function unclosedCodeAt(text: string): number | null {
  let at = 0;
  while (at < text.length) {
    const start = text.indexOf('`', at);
    if (start === -1) return null;
    const marker = text.startsWith('```', start) ? '```' : '`';
    const end = text.indexOf(marker, start + marker.length);
    if (end === -1) return start;
    at = end + marker.length;
  }
  return null;
}

/** Untrusted value shown as inline code: one line; a value holding a backtick is fenced instead (see fenced). */
export function inlineCode(text: string, max = 200): string {
  const oneLine = text.replace(/\s*[\r\n]+\s*/g, ' ');
  if (oneLine.includes('`')) return fenced(truncate(oneLine, Math.max(max - 6, 1)));
  return `\`${truncate(escapeEntities(oneLine), max - 2)}\``;
}

/** Untrusted multi-line text (logs, policies) as a fenced block, cut to `maxLines` and `max` chars in total. */
export function codeBlock(text: string, max: number, maxLines = 25): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept = lines.slice(0, maxLines);
  if (lines.length > maxLines) kept.push(`… ${lines.length - maxLines} more lines`);
  const body = escapeEntities(kept.join('\n')).replace(/``(?=`)/g, '``\u200B');
  return `\`\`\`${truncate(body, Math.max(max - 6, 1))}\`\`\``;
}

/** Text for plain_text fields (button labels, headers): Slack shows it verbatim, so only length matters. */
export function plain(text: string, max: number): string {
  return truncate(text.replace(/\s*[\r\n]+\s*/g, ' '), max);
}
