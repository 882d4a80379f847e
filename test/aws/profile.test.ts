// The profile and default region, read from the shared config files as the AWS CLI reads them.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAwsProfile } from '../../src/aws/profile.js';

function files(
  config: string,
  credentials = '',
): { AWS_CONFIG_FILE: string; AWS_SHARED_CREDENTIALS_FILE: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aws-profile-'));
  writeFileSync(join(dir, 'config'), config);
  writeFileSync(join(dir, 'credentials'), credentials);
  return { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
}

const CONFIG =
  '[default]\nregion = us-west-2\n\n[profile dev]\nregion = eu-west-2\n\n[profile bare]\noutput = json\n';

describe('resolveAwsProfile', () => {
  it('takes the region of the named profile from the config file', async () => {
    const profile = await resolveAwsProfile({ ...files(CONFIG), AWS_PROFILE: 'dev' });

    expect(profile).toMatchObject({ name: 'dev', named: true, exists: true, region: 'eu-west-2' });
  });

  it('takes the default profile when AWS_PROFILE is unset', async () => {
    const profile = await resolveAwsProfile(files(CONFIG));

    expect(profile).toMatchObject({ name: 'default', named: false, exists: true, region: 'us-west-2' });
  });

  it.each([
    ['AWS_REGION', { AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'sa-east-1' }, 'ap-south-1'],
    ['AWS_DEFAULT_REGION', { AWS_DEFAULT_REGION: 'sa-east-1' }, 'sa-east-1'],
  ])('lets %s override the profile region', async (_name, env, region) => {
    const profile = await resolveAwsProfile({ ...files(CONFIG), AWS_PROFILE: 'dev', ...env });

    expect(profile.region).toBe(region);
  });

  it('has no region when neither the environment nor the profile sets one', async () => {
    const profile = await resolveAwsProfile({ ...files(CONFIG), AWS_PROFILE: 'bare' });

    expect(profile).toMatchObject({ exists: true, region: null });
  });

  it('finds a profile that only the credentials file has', async () => {
    const profile = await resolveAwsProfile({
      ...files(CONFIG, '[ci]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n'),
      AWS_PROFILE: 'ci',
    });

    expect(profile).toMatchObject({ name: 'ci', exists: true, region: null });
  });

  it('says a named profile that neither file has does not exist, naming the files read', async () => {
    const env = { ...files(CONFIG), AWS_PROFILE: 'nosuch' };

    const profile = await resolveAwsProfile(env);

    expect(profile).toMatchObject({ name: 'nosuch', named: true, exists: false, region: null });
    expect(profile.files).toEqual({
      config: env.AWS_CONFIG_FILE,
      credentials: env.AWS_SHARED_CREDENTIALS_FILE,
    });
  });
});
