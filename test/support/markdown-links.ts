// The relative links of a Markdown page and the anchors its headings give, as GitHub renders them: enough to
// check that the README and docs/ point at files and sections that exist.

export interface MarkdownLink {
  /** The path part, relative to the page ('' for a link to an anchor of the same page). */
  path: string;
  /** The fragment without '#', or null. */
  anchor: string | null;
  line: number;
}

const FENCE = /^\s*(```|~~~)/;
const INLINE_CODE = /`+[^`]*`+/g;
// [text](target) and ![alt](target), with an optional "title".
const LINK = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** The lines that are prose: fenced code blocks hold examples, not links. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = [];
  let inFence = false;
  markdown.split('\n').forEach((text, index) => {
    if (FENCE.test(text)) {
      inFence = !inFence;
      return;
    }
    if (!inFence) lines.push({ text, line: index + 1 });
  });
  return lines;
}

/** Every link that is not to another site (http:, mailto:…), outside code. */
export function relativeLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { text, line } of proseLines(markdown)) {
    // A link's text may be code ([`iam/x.json`](iam/x.json)); code that merely shows brackets is not a link.
    const prose = text.replace(INLINE_CODE, '');
    for (const match of prose.matchAll(LINK)) {
      const target = match[1] ?? '';
      if (SCHEME.test(target)) continue;
      const hash = target.indexOf('#');
      links.push({
        path: decodeURI(hash === -1 ? target : target.slice(0, hash)),
        anchor: hash === -1 ? null : target.slice(hash + 1),
        line,
      });
    }
  }
  return links;
}

/** GitHub's anchor for a heading's text: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link in a heading anchors on its text
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors a page's headings give; a repeated heading gets -1, -2… as on GitHub. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(text);
    if (!heading?.[1]) continue;
    const slug = headingSlug(heading[1]);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}
