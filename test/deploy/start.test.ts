// How the bot is started: `npm start` runs the built bot without building it, with the node flags the Dockerfile
// uses too, and the bot checks its configuration before it loads Bolt or the AWS SDK.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url);
const HOOK = fileURLToPath(new URL('../support/loaded-packages-hook.mjs', import.meta.url));
const MAIN = fileURLToPath(new URL('dist/main.js', ROOT));
const start = (
  JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as { scripts: { start: string } }
).scripts.start;

describe('starting the bot', () => {
  it('npm start runs the built bot and builds nothing', () => {
    expect(start).toMatch(/^node (--[a-z-]+ )*dist\/main\.js$/);
  });

  it('the Dockerfile starts it with the same node flags as npm start', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(new URL('Dockerfile', ROOT), 'utf8'))?.[1] ?? '[]';

    expect((JSON.parse(cmd) as string[]).join(' ')).toBe(start);
  });

  it('names a missing token and exits before loading Bolt or the AWS SDK', () => {
    const run = spawnSync(process.execPath, ['--import', HOOK, MAIN], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: 'utf8',
    });

    const loaded = JSON.parse(/^LOADED_PACKAGES (.*)$/m.exec(run.stderr)?.[1] ?? '[]') as string[];
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^apigw-diagnose: configuration error: SLACK_BOT_TOKEN/);
    expect(loaded.filter((file) => /@aws-sdk|@smithy|@slack|express/.test(file))).toEqual([]);
  });

  it('names an AWS profile that does not exist before loading Bolt or the AWS SDK', () => {
    const run = spawnSync(process.execPath, ['--import', HOOK, MAIN], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: 'secret',
        AWS_PROFILE: 'nosuch',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
      encoding: 'utf8',
    });

    const loaded = JSON.parse(/^LOADED_PACKAGES (.*)$/m.exec(run.stderr)?.[1] ?? '[]') as string[];
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^apigw-diagnose: configuration error: the AWS profile "nosuch" \(AWS_PROFILE\)/,
    );
    expect(loaded.filter((file) => /@aws-sdk\/client|@slack|express/.test(file))).toEqual([]);
  });
});
