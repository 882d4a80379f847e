// The npm package as a user gets it: `npm pack`, unpacked, with the production dependencies only (no esbuild),
// run through its `bin`. npm test builds dist/ before vitest runs, so the pack skips the prepack build here.

import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFLINE_AWS_ENV } from '../../scripts/offline-aws-env.mjs';
import { createNetwork, createRole } from '../probe/moto-lambda.js';
import { type MotoServer, startMoto } from '../support/moto.js';

/**
 * Runs the bin without blocking this process: the moto launcher's loopback front (it answers CloudTrail
 * LookupEvents) lives in this process, so a synchronous spawn would leave the child's AWS calls unanswered.
 */
function runBin(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env, encoding: 'utf8' }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  license: string;
  bin: Record<string, string>;
};
/** Development-only packages the installed tool must not need. */
const DEV_ONLY = new Set(['esbuild', '@esbuild', '.bin']);
/** The bot's optional dependencies, which a command-line install leaves out (npm install --omit=optional). */
const BOT_ONLY = new Set(['@slack', '@aws-sdk/client-dynamodb']);

describe('the packed npm package', () => {
  let dir: string;
  let packageDir: string;
  let files: string[];
  let bin: string;

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/cli/main.js')))
      throw new Error('dist/ is missing: run npm run build first');
    dir = mkdtempSync(join(tmpdir(), 'apigw-diagnose-pack-'));
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const [tarball] = packed;
    if (!tarball) throw new Error('npm pack reported no tarball');
    files = tarball.files.map((file) => file.path);
    execFileSync('tar', ['-xzf', join(dir, tarball.filename), '-C', dir]);
    packageDir = join(dir, 'package');
    // The dependencies of a command-line install (`npm install -g apigw-diagnose --omit=optional`): everything
    // but esbuild and the bot's optional packages.
    mkdirSync(join(packageDir, 'node_modules'));
    for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
      if (DEV_ONLY.has(entry) || BOT_ONLY.has(entry)) continue;
      if (!entry.startsWith('@')) {
        symlinkSync(join(ROOT, 'node_modules', entry), join(packageDir, 'node_modules', entry));
        continue;
      }
      mkdirSync(join(packageDir, 'node_modules', entry));
      for (const scoped of readdirSync(join(ROOT, 'node_modules', entry))) {
        if (BOT_ONLY.has(`${entry}/${scoped}`)) continue;
        symlinkSync(
          join(ROOT, 'node_modules', entry, scoped),
          join(packageDir, 'node_modules', entry, scoped),
        );
      }
    }
    bin = join(packageDir, manifest.bin['apigw-diagnose'] ?? 'missing');
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds the built tool, the prebuilt probe and the licence, but no sources or tests', () => {
    // Assess
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'LICENSE',
        'README.md',
        'dist/cli/main.js',
        'dist/main.js',
        'dist/probe/probe-handler.cjs',
        'infra/probe-template.yaml',
        'iam/diagnosis-policy.json',
      ]),
    );
    expect(files.filter((path) => /^(src|test|scripts)\//.test(path))).toEqual([]);
    // Source maps would point at src/, which the package does not hold.
    expect(files.filter((path) => path.endsWith('.map'))).toEqual([]);
    expect(manifest.license).toBe('MIT');
    expect(readFileSync(join(packageDir, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });

  it("prints package.json's version through the bin", () => {
    // Act
    const run = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });

    // Assess
    expect(readFileSync(bin, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${manifest.version}\n`);
  });

  it('lists Bolt and the DynamoDB client as optional, the Slack server dependencies a CLI install can leave out', () => {
    const { dependencies, optionalDependencies } = JSON.parse(
      readFileSync(join(packageDir, 'package.json'), 'utf8'),
    ) as Record<string, Record<string, string>>;

    expect(Object.keys(optionalDependencies ?? {}).sort()).toEqual([
      '@aws-sdk/client-dynamodb',
      '@slack/bolt',
    ]);
    expect(Object.keys(dependencies ?? {}).filter((name) => /slack|express|dynamodb/.test(name))).toEqual([]);
  });

  it('diagnoses without the optional dependencies: it gets as far as asking AWS for credentials', async () => {
    const run = await runBin([bin, 'a1b2c3d4e5', '--region', 'us-east-1', '--no-probe'], {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      APIGW_DIAGNOSE_MAX_ATTEMPTS: '1',
    });

    expect(existsSync(join(packageDir, 'node_modules', '@slack'))).toBe(false);
    expect(run.status, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/^apigw-diagnose: no AWS credentials found/);
  });

  describe('probe deploy without esbuild', () => {
    let moto: MotoServer;

    beforeAll(async () => {
      moto = await startMoto();
    });

    afterAll(async () => {
      await moto?.stop();
    });

    it('creates the probe function from the prebuilt bundle', async () => {
      // Prepare
      const roleArn = await createRole(moto.url, 'apigw-diagnose-probe');
      const network = await createNetwork(moto.url);
      const env = {
        PATH: process.env.PATH,
        HOME: dir,
        AWS_ENDPOINT_URL: moto.url,
        ...OFFLINE_AWS_ENV,
      };
      const args = [
        ...['probe', 'deploy', '--vpc', network.vpcId, '--subnets', network.subnetIds.join(',')],
        ...['--security-groups', network.securityGroupIds.join(','), '--role-arn', roleArn],
        ...['--region', 'us-east-1'],
      ];

      // Act
      const run = await runBin([bin, ...args], env);

      // Assess
      expect(existsSync(join(packageDir, 'node_modules', 'esbuild'))).toBe(false);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain(`Created apigw-diagnose-probe-${network.vpcId}`);
      expect(run.stdout).toContain('runtime:         nodejs24.x');
    });
  });
});
