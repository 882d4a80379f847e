// The AWS profile and region a command runs with, resolved as the AWS CLI does: the region from AWS_REGION, else
// AWS_DEFAULT_REGION, else the `region` of the profile (AWS_PROFILE, else `default`) in the shared config file.
// The files are read with the SDK's own loader, so AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE and the
// `[profile name]` sections mean what they mean to the SDK's credential chain.

import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

export interface AwsProfile {
  /** The profile's name: AWS_PROFILE, else `default`. */
  name: string;
  /** Whether AWS_PROFILE named it (a missing `default` is normal: credentials may come from elsewhere). */
  named: boolean;
  /** Whether the config or credentials file has a section for it. */
  exists: boolean;
  /** The files read, as the user would name them (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/…). */
  files: { config: string; credentials: string };
  /** The default region: the environment's, else the profile's; null when neither sets one. */
  region: string | null;
}

type Env = Readonly<Record<string, string | undefined>>;

function setting(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

export async function resolveAwsProfile(env: Env = process.env): Promise<AwsProfile> {
  const named = setting(env, 'AWS_PROFILE');
  const name = named ?? 'default';
  const configFile = setting(env, 'AWS_CONFIG_FILE');
  const credentialsFile = setting(env, 'AWS_SHARED_CREDENTIALS_FILE');
  const loaded = await loadSharedConfigFiles({
    ignoreCache: true,
    ...(configFile ? { configFilepath: configFile } : {}),
    ...(credentialsFile ? { filepath: credentialsFile } : {}),
  });
  const config = loaded.configFile[name];
  return {
    name,
    named: named !== null,
    exists: config !== undefined || loaded.credentialsFile[name] !== undefined,
    files: { config: configFile ?? '~/.aws/config', credentials: credentialsFile ?? '~/.aws/credentials' },
    region:
      setting(env, 'AWS_REGION') ?? setting(env, 'AWS_DEFAULT_REGION') ?? (config?.region?.trim() || null),
  };
}

/** Why the profile cannot be used (AWS_PROFILE names one that neither file has), or null when it can. */
/** What to do when no region is given anywhere, naming the profile and file a region could come from. */
export function noRegionMessage(profile: AwsProfile): string {
  return `no region: pass --region, set AWS_REGION, or set region in profile ${profile.name} of ${profile.files.config}`;
}

export function missingProfile(profile: AwsProfile): string | null {
  if (!profile.named || profile.exists) return null;
  return (
    `the AWS profile "${profile.name}" (AWS_PROFILE) is in neither ${profile.files.config} nor ` +
    `${profile.files.credentials}; nothing was sent to AWS`
  );
}
