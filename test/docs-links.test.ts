// Every relative link of the README, CONTRIBUTING.md and docs/ points at a file that exists, and a link to a
// section of a Markdown page at a heading that page has: moving or renaming a page or a section breaks this test,
// not the reader's click.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { headingAnchors, headingSlug, relativeLinks } from './support/markdown-links.js';

const ROOT = join(import.meta.dirname, '..');
const PAGES = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Each broken link of a page, as `page:line → target (why)`. */
function brokenLinks(page: string, read: (path: string) => string | null): string[] {
  const markdown = read(page);
  if (markdown === null) return [`${page} is missing`];
  const broken: string[] = [];
  for (const link of relativeLinks(markdown)) {
    const target = link.path === '' ? page : relative(ROOT, join(ROOT, dirname(page), link.path));
    const shown = `${page}:${link.line} → ${link.path}${link.anchor === null ? '' : `#${link.anchor}`}`;
    if (!existsSync(join(ROOT, target)) && read(target) === null) {
      broken.push(`${shown} (no such file)`);
      continue;
    }
    if (link.anchor === null || !target.endsWith('.md')) continue;
    const targetMarkdown = read(target);
    if (targetMarkdown !== null && !headingAnchors(targetMarkdown).has(link.anchor)) {
      broken.push(`${shown} (no such section in ${target})`);
    }
  }
  return broken;
}

const fromDisk = (path: string): string | null => {
  const file = join(ROOT, path);
  return existsSync(file) && path.endsWith('.md') ? readFileSync(file, 'utf8') : null;
};

describe('links between the README and docs/', () => {
  it.each(PAGES)('%s links only to files and sections that exist', (page) => {
    expect(brokenLinks(page, fromDisk)).toEqual([]);
  });

  it('the README links to every page under docs/', () => {
    const linked = new Set(relativeLinks(readFileSync(join(ROOT, 'README.md'), 'utf8')).map((l) => l.path));
    const pages = PAGES.filter((page) => page.startsWith('docs/'));
    expect(pages.filter((page) => !linked.has(page))).toEqual([]);
  });
});

describe('the link check itself', () => {
  const pages: Record<string, string> = {
    'docs/page.md': [
      '# Page',
      '## Supported Node.js versions',
      'See [the other](other.md#step-2-the-role), [gone](gone.md), [here](#supported-nodejs-versions),',
      '[bad section](other.md#nope), [a file](../package.json), [a site](https://example.com/x.md).',
      '`[not a link](code.md)`',
      '```sh',
      '[nor this](fenced.md)',
      '```',
    ].join('\n'),
    'docs/other.md': '# Other\n### Step 2: the role\n',
  };
  const read = (path: string) => pages[path] ?? null;

  it('names a missing file and a missing section, and nothing else', () => {
    expect(brokenLinks('docs/page.md', read)).toEqual([
      'docs/page.md:3 → gone.md (no such file)',
      'docs/page.md:4 → other.md#nope (no such section in docs/other.md)',
    ]);
  });

  it('anchors headings as GitHub does', () => {
    expect(headingSlug('Supported Node.js versions')).toBe('supported-nodejs-versions');
    expect(headingSlug("The command line's start-up")).toBe('the-command-lines-start-up');
    expect(headingSlug('Private custom domain names (check `custom-domain`)')).toBe(
      'private-custom-domain-names-check-custom-domain',
    );
    expect([...headingAnchors('## Stress\n## Stress\n')]).toEqual(['stress', 'stress-1']);
  });
});
