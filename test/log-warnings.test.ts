// Process warnings in the bot's log stream, checked in a child process: the handler replaces Node's own
// warning printer, which must not happen inside the test runner.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const LOG_MODULE = new URL('../dist/log.js', import.meta.url).href;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('logProcessWarnings', () => {
  beforeAll(() => {
    // npm test builds before vitest runs; a missing build fails here, never skips.
    if (!existsSync(new URL(LOG_MODULE)))
      throw new Error(`${LOG_MODULE} is missing: run npm run build first`);
  });

  it('keeps stdout pure JSON lines when Node or the AWS SDK warns, and logs each warning as one line', () => {
    // Prepare: the SDK's Node-version notice is left on, as in the Docker image
    const script = `
      import { LambdaClient } from '@aws-sdk/client-lambda';
      import { createLogger, logProcessWarnings } from ${JSON.stringify(LOG_MODULE)};
      logProcessWarnings(createLogger());
      new LambdaClient({ region: 'us-east-1' }); // below Node 22 the SDK warns here
      process.emitWarning('first line\\nsecond line', 'NodeVersionSupportWarning');
    `;
    const env = { ...process.env };
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;

    // Act
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });

    // Assess
    expect(child.status, child.stderr).toBe(0);
    expect(child.stderr).toBe('');
    const lines = child.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        msg: 'process warning',
        warning: { name: 'NodeVersionSupportWarning', code: null, message: 'first line\nsecond line' },
      }),
    );
    const sdkWarned = lines.some((line) => String(line.warning?.message).includes('AWS SDK for JavaScript'));
    expect(sdkWarned).toBe(Number(process.versions.node.split('.')[0]) < 22);
  });
});
