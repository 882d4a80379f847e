// The Dockerfile cannot be built here (no Docker daemon on CI), so its promises are checked as text.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const dockerfile = read('Dockerfile');
const stages = dockerfile.split(/^FROM /m).slice(1);

describe('Dockerfile', () => {
  it('builds and runs on a supported Node LTS line (22 or 24), in two stages', () => {
    // Assess
    const images = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(images).toHaveLength(2);
    for (const image of images) expect(image).toMatch(/^node:(22|24)-/);
  });

  it("leaves the AWS SDK's Node-version notice on", () => {
    // Assess
    expect(dockerfile).not.toContain('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED');
  });

  it('runs production dependencies only, as the node user, with dist built in the image', () => {
    // Assess
    const runtime = stages[1] ?? '';
    expect(runtime).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(dockerfile).not.toMatch(/^COPY dist\b/m);
  });

  it('sends every script of npm run build into the build context, which otherwise leaves scripts/ out', () => {
    // Assess
    const { build } = (JSON.parse(read('package.json')) as { scripts: { build: string } }).scripts;
    const scripts = [...build.matchAll(/node (scripts\/[\w-]+\.mjs)/g)].map((m) => m[1] ?? '');
    const ignore = read('.dockerignore').split('\n');
    const copied = /^COPY ((?:scripts\/\S+ )+)\.\/scripts\/$/m
      .exec(stages[0] ?? '')?.[1]
      ?.trim()
      .split(' ');
    expect(scripts).toEqual(['scripts/build-probe.mjs', 'scripts/bin-executable.mjs']);
    expect(ignore).toContain('scripts/*');
    for (const script of scripts) expect(ignore).toContain(`!${script}`);
    expect(copied).toEqual(scripts);
  });
});
