// The built executable as a user runs it: what it loads, what it prints and how it exits, without AWS.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCliBuilt, CLI_PATH, closedLoopbackUrl } from '../integration/built-cli.js';

const HOOK = fileURLToPath(new URL('../support/loaded-packages-hook.mjs', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  loaded: string[];
}

/** Runs the built CLI with the hook that reports the CommonJS packages it loaded (and removes that line). */
function runWithHook(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', HOOK, CLI_PATH, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = /^LOADED_PACKAGES (.*)\n/m.exec(stderr);
      resolve({
        code,
        stdout,
        stderr: stderr.replace(/^LOADED_PACKAGES .*\n/m, ''),
        loaded: line?.[1] ? (JSON.parse(line[1]) as string[]) : [],
      });
    });
  });
}

describe('the built apigw-diagnose executable', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    assertCliBuilt();
    // No credentials anywhere: no variables, an empty home (no ~/.aws), no instance metadata service, and an
    // endpoint on which nothing listens so that nothing could leave the machine even if a call were made.
    home = mkdtempSync(join(tmpdir(), 'cli-home-'));
    env = {
      PATH: process.env.PATH,
      HOME: home,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_ENDPOINT_URL: await closedLoopbackUrl(),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      APIGW_DIAGNOSE_MAX_ATTEMPTS: '1',
      NO_COLOR: '1',
    };
  });

  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
  });

  it.each([
    ['help', ['help'], 0],
    ['a usage error', ['NOT-AN-ID'], 2],
    ['--version', ['--version'], 0],
    ['probe without a sub-command', ['probe'], 2],
    ['probe deploy --help', ['probe', 'deploy', '--help'], 0],
  ])('loads neither the AWS SDK nor Bolt for %s', async (_case, args, exitCode) => {
    // Act
    const run = await runWithHook(args, env);

    // Assess
    expect(run.code, run.stderr).toBe(exitCode);
    expect(run.loaded.filter((file) => /@aws-sdk|@smithy|@slack/.test(file))).toEqual([]);
  });

  it('prints the version of package.json', async () => {
    // Prepare
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

    // Act
    const run = await runWithHook(['--version'], env);

    // Assess
    expect(run.stdout).toBe(`${version}\n`);
  });

  it('says "no AWS credentials found" and exits 3 when there are none, having loaded the SDK', async () => {
    // Act
    const run = await runWithHook(['a1b2c3d4e5', '--region', 'us-east-1', '--no-probe'], env);

    // Assess
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^apigw-diagnose: no AWS credentials found: set AWS_PROFILE/),
    ]);
    expect(run.stdout).toBe('');
    expect(run.loaded.some((file) => file.includes('@aws-sdk/client-api-gateway'))).toBe(true);
  });

  it('takes the region from the AWS profile in the config file, as the AWS CLI does', async () => {
    // Prepare: a profile with a region and no credentials, and no region in the environment.
    const config = join(home, 'config');
    writeFileSync(config, '[profile dev]\nregion = eu-west-2\n');

    // Act
    const run = await runWithHook(['a1b2c3d4e5', '--no-probe'], {
      ...env,
      AWS_CONFIG_FILE: config,
      AWS_PROFILE: 'dev',
    });

    // Assess: past the region (a missing one is a usage error, exit 2), stopped only by the missing credentials.
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/^apigw-diagnose: no AWS credentials found/);
  });

  it('exits 2 with the usage when given no argument', async () => {
    const run = await runWithHook([], env);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: apigw-diagnose <target>');
  });

  it('says "no AWS credentials found" and exits 3 for probe deploy too', async () => {
    // Act
    const run = await runWithHook(
      [
        'probe',
        'deploy',
        '--vpc',
        'vpc-0123456789abcdef0',
        '--subnets',
        'subnet-0123456789abcdef0',
        '--security-groups',
        'sg-0123456789abcdef0',
        '--role-arn',
        'arn:aws:iam::123456789012:role/probe',
        '--region',
        'us-east-1',
      ],
      env,
    );

    // Assess
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('apigw-diagnose probe deploy: no AWS credentials found');
  });
});

describe('the build', () => {
  it('leaves the bin executable, so it runs by its own path (npx, a symlink)', () => {
    assertCliBuilt();

    expect(statSync(CLI_PATH).mode & 0o111).toBe(0o111);
    expect(execFileSync(CLI_PATH, ['--version'], { encoding: 'utf8' })).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
