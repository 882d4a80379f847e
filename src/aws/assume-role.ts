// Fixes run under their own IAM role when REMEDIATION_ROLE_ARN is set (spec §5): the diagnosis stays on the
// default, read-only credential chain. The session is named after the Slack user so CloudTrail shows who
// clicked.

import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { RemediationCallError } from '../remediation/ports.js';
import type { Actor } from '../remediation/types.js';
import { type AwsClientSettings, makeClient, TIMEOUTS } from './clients.js';
import { classifyFailure } from './errors.js';

export interface AssumedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** A credentials provider in the shape every SDK v3 client accepts as `credentials`. */
export type AssumedCredentialsProvider = () => Promise<AssumedCredentials>;

/** Long enough for any fix; the minimum STS allows. */
const SESSION_SECONDS = 900;
/** Refresh this long before expiry so a call never starts with credentials about to lapse. */
const REFRESH_MARGIN_MS = 60_000;

/** `apigw-diagnose-<slack user id>`, limited to the characters and 64-char length STS accepts. */
export function roleSessionName(actor: Actor): string {
  const user = actor.userId.replace(/[^\w+=,.@-]/g, '-');
  return `apigw-diagnose-${user}`.slice(0, 64);
}

export function assumeRoleCredentials(options: {
  roleArn: string;
  actor: Actor;
  /** Retries, endpoint and pacer: the same as every other client. */
  settings: AwsClientSettings;
  region: string;
}): AssumedCredentialsProvider {
  const sts = makeClient(STSClient, 'sts', options.settings, {
    region: options.region,
    timeouts: TIMEOUTS.remediation,
  });
  const sessionName = roleSessionName(options.actor);

  const assume = async (): Promise<AssumedCredentials> => {
    try {
      const output = await sts.send(
        new AssumeRoleCommand({
          RoleArn: options.roleArn,
          RoleSessionName: sessionName,
          DurationSeconds: SESSION_SECONDS,
        }),
      );
      const credentials = output.Credentials;
      if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
        throw new Error('AssumeRole returned no credentials');
      }
      return {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        sessionToken: credentials.SessionToken,
        expiration: credentials.Expiration,
      };
    } catch (error) {
      const failure = classifyFailure(error);
      const detail = error instanceof Error ? error.message : String(error);
      throw new RemediationCallError(
        // A role that cannot be assumed is most often a trust or permission problem, whatever STS answered.
        failure.kind === 'other' ? 'access-denied' : failure.kind,
        'AssumeRole',
        `Could not assume the remediation role ${options.roleArn} (REMEDIATION_ROLE_ARN): ${detail}. ` +
          'Check that the bot may call sts:AssumeRole on it and that the role trusts the bot; nothing was changed.',
        failure.requestId,
        { cause: error },
      );
    }
  };

  let cached: AssumedCredentials | null = null;
  let inFlight: Promise<AssumedCredentials> | null = null;
  const expiresSoon = (credentials: AssumedCredentials) =>
    credentials.expiration !== undefined && credentials.expiration.getTime() - Date.now() < REFRESH_MARGIN_MS;

  // One AssumeRole shared by concurrent calls; a failure is not cached, so the next click tries again.
  return async () => {
    if (cached && !expiresSoon(cached)) return cached;
    inFlight ??= assume()
      .then((credentials) => {
        cached = credentials;
        return credentials;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
}
