// Turns the text of a Slack slash command into argv-like tokens. Slack rewrites what people type: links
// become `<https://x|label>` or `<https://x>`, e-mail-like text becomes `<mailto:a@b|a@b>`, `&<>` are
// HTML-escaped, and clients may turn quotes into “smart” ones. Undo that so both surfaces share one parser.

export type TokenizeResult = { ok: true; tokens: string[] } | { ok: false; message: string };

const SLACK_LINK = /<([a-z][a-z0-9+.-]*:[^<>|\s]*)(?:\|([^<>]*))?>/gi;
const OPEN_QUOTES = new Set(['"', '\u201c']);
const CLOSE_QUOTES = new Set(['"', '\u201d']);

export function tokenizeSlackText(text: string): TokenizeResult {
  const unwrapped = decodeEntities(
    text.replace(SLACK_LINK, (_match, url: string, label?: string) => unwrapLink(url, label)),
  );
  const split = splitQuoted(unwrapped);
  if (!split.ok) return split;
  return { ok: true, tokens: split.tokens.map(trimPunctuation).filter((token) => token !== '') };
}

function unwrapLink(url: string, label: string | undefined): string {
  if (/^mailto:/i.test(url)) return label ?? url.slice('mailto:'.length);
  // Slack links a scheme-less host as `<http://host|host>`: the person typed the label, not `http://`.
  if (label !== undefined && /^http:\/\//i.test(url) && url.slice('http://'.length) === label) return label;
  return url;
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function splitQuoted(text: string): TokenizeResult {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  let quoteOpen = false;
  for (const char of text) {
    if (quoteOpen) {
      if (CLOSE_QUOTES.has(char)) quoteOpen = false;
      else current += char;
    } else if (OPEN_QUOTES.has(char)) {
      quoteOpen = true;
      inToken = true;
    } else if (/\s/.test(char)) {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
    } else {
      current += char;
      inToken = true;
    }
  }
  if (quoteOpen) return { ok: false, message: 'unterminated quote (")' };
  if (inToken) tokens.push(current);
  return { ok: true, tokens };
}

/** Sentence punctuation and code backticks around a pasted URL or id are not part of it. */
function trimPunctuation(token: string): string {
  if (token.startsWith('-')) return token;
  return token.replace(/^[`(]+/, '').replace(/[`.,;:!?)\]}'"]+$/, '');
}
