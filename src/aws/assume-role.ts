// Fixes run under their own IAM role when REMEDIATION_ROLE_ARN is set (spec §5): the diagnosis stays on the
// default, read-only credential chain. The session is named after the Slack user and carries the user as its
// source identity, as the remediation sessions in other accounts do, so CloudTrail shows who clicked on every
// call of the session. The AssumeRole itself is role-sessions.ts's, shared with the reads of other accounts.

import { sessionNameFor, sourceIdentityFor } from '../remediation/cloudtrail-hint.js';
import { RemediationCallError } from '../remediation/ports.js';
import type { Actor } from '../remediation/types.js';
import { type AwsClientSettings, TIMEOUTS } from './clients.js';
import { classifyFailure } from './errors.js';
import {
  type AssumedCredentials,
  RoleSessions,
  refusedSourceIdentity,
  SOURCE_IDENTITY_TRUST,
} from './role-sessions.js';

export type { AssumedCredentials } from './role-sessions.js';

/** A credentials provider in the shape every SDK v3 client accepts as `credentials`. */
export type AssumedCredentialsProvider = () => Promise<AssumedCredentials>;

/** `apigw-diagnose-<slack user id>`, limited to the characters and 64-char length STS accepts. */
export function roleSessionName(actor: Actor): string {
  return sessionNameFor(actor.userId);
}

export function assumeRoleCredentials(options: {
  roleArn: string;
  actor: Actor;
  /** Retries, endpoint and pacer: the same as every other client. */
  settings: AwsClientSettings;
  region: string;
}): AssumedCredentialsProvider {
  // One provider per writer (per click): a refusal is not remembered beyond it, so the next click tries again.
  const sessions = new RoleSessions({
    settings: options.settings,
    region: options.region,
    timeouts: TIMEOUTS.remediation,
    externalId: null,
  });
  const sessionName = roleSessionName(options.actor);
  const sourceIdentity = sourceIdentityFor(options.actor.userId);
  return async () => {
    try {
      return await sessions.credentials(options.roleArn, sessionName, sourceIdentity);
    } catch (error) {
      const failure = classifyFailure(error);
      const check = refusedSourceIdentity(failure.message)
        ? SOURCE_IDENTITY_TRUST
        : 'Check that the bot may call sts:AssumeRole on it and that the role trusts the bot.';
      throw new RemediationCallError(
        // A role that cannot be assumed is most often a trust or permission problem, whatever STS answered.
        failure.kind === 'other' ? 'access-denied' : failure.kind,
        'AssumeRole',
        `Could not assume the remediation role ${options.roleArn} (REMEDIATION_ROLE_ARN): ${failure.message}. ` +
          `${check} Nothing was changed.`,
        failure.requestId,
        { cause: error },
      );
    }
  };
}
