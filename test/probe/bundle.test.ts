import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProbeBundle, type ProbeBundle } from '../../src/probe/bundle.js';
import { parseProbeOutput } from '../../src/probe/schema.js';

describe('probe bundle', () => {
  let bundle: ProbeBundle;
  let dir: string;
  let code: string;
  let handler: (event: unknown) => Promise<unknown>;

  beforeAll(async () => {
    bundle = await buildProbeBundle();
    const files = unzipSync(bundle.zip);
    code = new TextDecoder().decode(files['index.js']);
    // A directory without package.json: Node reads index.js as CommonJS, as Lambda does.
    dir = mkdtempSync(join(tmpdir(), 'probe-bundle-'));
    writeFileSync(join(dir, 'index.js'), code);
    handler = createRequire(join(dir, 'index.js'))('./index.js').handler;
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('zips one CommonJS index.js whose handler answers in the v1 schema', async () => {
    // Act
    const output = await handler({
      schemaVersion: 1,
      apiId: 'a1b2c3d4e5',
      region: 'us-east-1',
      stage: 'prod',
      vpceIds: [],
      names: [],
      urls: [],
      budgetMs: 1000,
    });

    // Assess
    expect(Object.keys(unzipSync(bundle.zip))).toEqual(['index.js']);
    expect(parseProbeOutput(output)).toMatchObject({
      schemaVersion: 1,
      apiId: 'a1b2c3d4e5',
      dns: [],
      tcp: [],
      http: [],
    });
  });

  it('bundles no AWS SDK and no third-party module', () => {
    // Assess
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(required).toContain('node:net');
    expect(required.filter((name) => !name?.startsWith('node:'))).toEqual([]);
  });

  it('gives the same zip for the same code, so a redeploy can skip an unchanged upload', async () => {
    // Act
    const again = await buildProbeBundle();

    // Assess
    expect(again.sha256).toBe(bundle.sha256);
  });
});
