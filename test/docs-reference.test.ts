// docs/findings.md and docs/configuration.md are generated from the code (`npm run docs`): this fails when a
// catalogue entry, a fix or a configuration variable changed and the committed page was not regenerated.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configurationMarkdown, findingsMarkdown } from '../scripts/reference-docs.mjs';
import { ENVIRONMENT } from '../src/config.js';
import { CATALOGUE, FINDING_CODES } from '../src/diagnosis/catalogue.js';
import { DEFAULT_REQUEST_LOG_RETRY_DELAYS_MS } from '../src/diagnosis/gather.js';
import { FIXES } from '../src/remediation/registry.js';

const ROOT = join(import.meta.dirname, '..');
const committed = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('generated reference pages', () => {
  it('docs/findings.md is the catalogue as it is (run npm run docs when this fails)', () => {
    expect(committed('docs/findings.md')).toBe(findingsMarkdown(CATALOGUE, FIXES));
  });

  it('docs/configuration.md is ENVIRONMENT as it is (run npm run docs when this fails)', () => {
    expect(committed('docs/configuration.md')).toBe(configurationMarkdown(ENVIRONMENT));
  });

  it('lists every finding code once, in precedence order, with its buttons', () => {
    const page = findingsMarkdown(CATALOGUE, FIXES);
    const listed = [...page.matchAll(/^\| \d+ \| `([A-Z0-9_]+)` \|/gm)].map((match) => match[1]);
    expect(listed).toEqual(FINDING_CODES);
    expect(page).toMatch(
      /^\| \d+ \| `PROBE_REQUEST_LOGS_OFF` \|.*\| Enable execution logging \(`enable-logging`\) \|$/m,
    );
  });

  it('goes stale when a catalogue entry changes', () => {
    const changed = { ...CATALOGUE, API_NOT_FOUND: { ...CATALOGUE.API_NOT_FOUND, title: 'Another title' } };
    expect(findingsMarkdown(changed, FIXES)).not.toBe(committed('docs/findings.md'));
  });

  it('refuses a catalogue that names a fix no module implements', () => {
    const broken = {
      X: { severity: 'error', fix: 'always', check: 'api', title: 't', remediations: ['nope'] },
    };
    expect(() => findingsMarkdown(broken, FIXES)).toThrow(/nope/);
  });

  it('lists every variable with who reads it', () => {
    const page = configurationMarkdown(ENVIRONMENT);
    const listed = [...page.matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \|/gm)].map((match) => match[1]);
    expect(listed).toEqual(Object.keys(ENVIRONMENT));
    expect(page).toContain('| `SLACK_BOT_TOKEN` | bot | yes |');
  });

  it('states the defaults the code uses where the default lives outside config.ts', () => {
    expect(ENVIRONMENT.APIGW_DIAGNOSE_REQUEST_LOG_RETRY_DELAYS_MS.default).toBe(
      DEFAULT_REQUEST_LOG_RETRY_DELAYS_MS.join(','),
    );
  });
});
