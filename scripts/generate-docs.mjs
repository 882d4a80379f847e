// Writes the generated reference pages (docs/findings.md, docs/configuration.md) from the built code:
// `npm run docs` builds first. test/docs-reference.test.ts fails when a committed page is stale.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configurationMarkdown, findingsMarkdown } from './reference-docs.mjs';

const ROOT = new URL('../', import.meta.url);

async function pages() {
  const { CATALOGUE } = await import(new URL('dist/diagnosis/catalogue.js', ROOT).href);
  const { FIXES } = await import(new URL('dist/remediation/registry.js', ROOT).href);
  const { ENVIRONMENT } = await import(new URL('dist/config.js', ROOT).href);
  return {
    'docs/findings.md': findingsMarkdown(CATALOGUE, FIXES),
    'docs/configuration.md': configurationMarkdown(ENVIRONMENT),
  };
}

function committed(path) {
  try {
    return readFileSync(fileURLToPath(new URL(path, ROOT)), 'utf8');
  } catch {
    return null;
  }
}

for (const [path, text] of Object.entries(await pages())) {
  if (committed(path) === text) continue;
  writeFileSync(fileURLToPath(new URL(path, ROOT)), text);
  process.stdout.write(`wrote ${path}\n`);
}
