// Writes the generated reference pages (docs/findings.md, docs/configuration.md) from the built code:
// `npm run docs` builds first. `--check` writes nothing and exits 1 when a committed page is stale.

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

const check = process.argv.includes('--check');
let stale = 0;
for (const [path, text] of Object.entries(await pages())) {
  if (committed(path) === text) continue;
  if (check) {
    process.stderr.write(`${path} is stale: run npm run docs\n`);
    stale += 1;
  } else {
    writeFileSync(fileURLToPath(new URL(path, ROOT)), text);
    process.stdout.write(`wrote ${path}\n`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
