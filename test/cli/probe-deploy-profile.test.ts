// probe deploy finds its region and profile as the AWS CLI does (the config file's region, a missing profile).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ProbeDeployDeps, runProbeDeployCommand } from '../../src/cli/probe-deploy-command.js';
import type { ProbeBundle } from '../../src/probe/bundle.js';
import { captureIo } from '../support/capture-io.js';

const ARGS = [
  ...['--vpc', 'vpc-0123456789abcdef0', '--subnets', 'subnet-0123456789abcdef0'],
  ...['--security-groups', 'sg-0123456789abcdef0', '--role-arn', 'arn:aws:iam::123456789012:role/probe'],
];

/** Dependencies that record the region the gateway is made for, then stop the deployment there. */
function recordingDeps(regions: string[]): ProbeDeployDeps {
  return {
    buildBundle: async (): Promise<ProbeBundle> => ({ zip: new Uint8Array(), sha256: 'x', bytes: 0 }),
    createGateway: (region) => {
      regions.push(region);
      throw new Error('stopped after choosing the region');
    },
  };
}

function configFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'probe-profile-')), 'config');
  writeFileSync(path, text);
  return path;
}

describe('probe deploy: region and profile', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('takes the region of the AWS profile when neither --region nor the environment gives one', async () => {
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_DEFAULT_REGION', '');
    vi.stubEnv('AWS_PROFILE', 'dev');
    vi.stubEnv('AWS_CONFIG_FILE', configFile('[profile dev]\nregion = eu-west-2\n'));
    const regions: string[] = [];
    const { io } = captureIo();

    await runProbeDeployCommand(ARGS, io, recordingDeps(regions));

    expect(regions).toEqual(['eu-west-2']);
  });

  it('names a profile that does not exist and deploys nothing (exit 3)', async () => {
    vi.stubEnv('AWS_PROFILE', 'nosuch');
    const regions: string[] = [];
    const { io, out } = captureIo();

    const code = await runProbeDeployCommand([...ARGS, '--region', 'us-east-1'], io, recordingDeps(regions));

    expect(code).toBe(3);
    expect(out.stderr).toContain('the AWS profile "nosuch" (AWS_PROFILE) is in neither');
    expect(regions).toEqual([]);
  });

  it('says where a region can come from when none does', async () => {
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_DEFAULT_REGION', '');
    const { io, out } = captureIo();

    const code = await runProbeDeployCommand(ARGS, io, recordingDeps([]));

    expect(code).toBe(2);
    expect(out.stderr).toContain(
      'no region: pass --region, set AWS_REGION, or set region in profile default',
    );
  });
});
