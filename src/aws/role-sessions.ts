// Assumed-role credentials for reading and acting in other accounts. STS rate quotas cannot be raised and AWS
// advises reusing credentials, so one process keeps one cache: each role and session name is assumed once and
// the credentials are reused until shortly before they expire; concurrent diagnoses share one AssumeRole in
// flight; a refusal is remembered briefly so a burst of commands does not hammer STS with calls that will fail
// again. AssumeRole itself is paced through the process's pacer (the `sts` budget).

import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsCallError } from '../diagnosis/facts.js';
import { type AwsClientSettings, type AwsCredentialsProvider, makeClient, type Timeouts } from './clients.js';
import { classifyFailure } from './errors.js';

export interface AssumedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** One hour: the most a chained role session may last, and enough for a day of diagnoses in 24 calls. */
export const SESSION_SECONDS = 3600;
/** Refresh this long before expiry, so a diagnosis never starts with credentials about to lapse. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** How long a refused AssumeRole is answered from memory (the next command after that asks STS again). */
export const REFUSAL_MEMORY_MS = 30_000;

/** The role ARN for one account: an ARN template's `{account}` filled in, or a role name in that account. */
export function roleArnFor(template: string, accountId: string): string {
  if (template.startsWith('arn:')) return template.replaceAll('{account}', accountId);
  return `arn:aws:iam::${accountId}:role/${template}`;
}

/** The account of a role ARN, or null when the ARN names none. */
export function accountOfRoleArn(roleArn: string): string | null {
  return /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1] ?? null;
}

/**
 * True when STS refused the AssumeRole because the source identity may not be set: AWS answers AccessDenied
 * "… is not authorized to perform: sts:SetSourceIdentity on resource: <role>" when the role's trust policy (or,
 * across accounts or from a role session, the caller's own policy) lacks sts:SetSourceIdentity
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html#id_credentials_temp_control-access_monitor-perms).
 */
export function refusedSourceIdentity(message: string): boolean {
  return /sts:SetSourceIdentity/i.test(message);
}

/** What to change when STS refused the source identity (docs/iam.md shows both statements). */
export const SOURCE_IDENTITY_TRUST =
  "The role's trust policy must allow sts:SetSourceIdentity to the bot's role beside sts:AssumeRole (the bot " +
  "records the Slack user who clicked as the source identity), and the policy of the bot's own role must allow " +
  'sts:SetSourceIdentity on the role too: see docs/iam.md.';

export interface RoleSessionsOptions {
  settings: AwsClientSettings;
  /** STS is called in this region (the regional endpoint; tokens then work in every enabled region). */
  region: string;
  timeouts: Timeouts;
  externalId: string | null;
  /** What to say when a role cannot be assumed (which variable or template names it). */
  describeRole?: (roleArn: string) => string;
  now?: () => number;
}

type Entry =
  | { kind: 'credentials'; credentials: AssumedCredentials }
  | { kind: 'refused'; error: AwsCallError; until: number };

export class RoleSessions {
  private readonly sts: STSClient;
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<AssumedCredentials>>();
  private readonly now: () => number;
  private calls = 0;

  constructor(private readonly options: RoleSessionsOptions) {
    this.sts = makeClient(STSClient, 'sts', options.settings, {
      region: options.region,
      timeouts: options.timeouts,
    });
    this.now = options.now ?? Date.now;
  }

  /** AssumeRole calls made so far (the bench's figure: a second diagnosis should make none). */
  assumeRoleCalls(): number {
    return this.calls;
  }

  /** The credentials the process started with (the SDK's default chain, resolved once by the SDK). */
  startingCredentials(): Promise<AssumedCredentials> {
    return this.sts.config.credentials();
  }

  /** A provider in the shape every SDK v3 client accepts as `credentials`. */
  provider(roleArn: string, sessionName: string): AwsCredentialsProvider {
    return () => this.credentials(roleArn, sessionName);
  }

  /**
   * `sourceIdentity` (a fix's clicking user) is recorded by CloudTrail on every action of the session and cannot
   * be changed by it; the role's trust policy must allow sts:SetSourceIdentity (iam/member-account-roles.yaml does
   * for the remediation role).
   */
  credentials(roleArn: string, sessionName: string, sourceIdentity?: string): Promise<AssumedCredentials> {
    const key = `${roleArn}|${sessionName}|${sourceIdentity ?? ''}`;
    const entry = this.entries.get(key);
    if (entry?.kind === 'credentials' && !this.expiresSoon(entry.credentials)) {
      return Promise.resolve(entry.credentials);
    }
    if (entry?.kind === 'refused' && entry.until > this.now()) return Promise.reject(entry.error);
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.assume(roleArn, sessionName, sourceIdentity)
        .then(
          (credentials) => {
            this.entries.set(key, { kind: 'credentials', credentials });
            return credentials;
          },
          (error: AwsCallError) => {
            // A refresh that failed while the credentials still hold: keep using them until they expire.
            if (entry?.kind === 'credentials' && !this.expired(entry.credentials)) return entry.credentials;
            // Throttling and timeouts are worth another try at once; a refusal will be refused again.
            if (error.kind === 'access-denied' || error.kind === 'not-found') {
              this.entries.set(key, { kind: 'refused', error, until: this.now() + REFUSAL_MEMORY_MS });
            }
            throw error;
          },
        )
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private expired(credentials: AssumedCredentials): boolean {
    return credentials.expiration !== undefined && credentials.expiration.getTime() <= this.now();
  }

  private expiresSoon(credentials: AssumedCredentials): boolean {
    return (
      credentials.expiration !== undefined &&
      credentials.expiration.getTime() - this.now() < REFRESH_MARGIN_MS
    );
  }

  private async assume(
    roleArn: string,
    sessionName: string,
    sourceIdentity?: string,
  ): Promise<AssumedCredentials> {
    this.calls += 1;
    try {
      const output = await this.sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionName,
          DurationSeconds: SESSION_SECONDS,
          ...(this.options.externalId ? { ExternalId: this.options.externalId } : {}),
          ...(sourceIdentity ? { SourceIdentity: sourceIdentity } : {}),
        }),
      );
      const credentials = output.Credentials;
      if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
        throw new Error('AssumeRole returned no credentials');
      }
      return {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        ...(credentials.SessionToken ? { sessionToken: credentials.SessionToken } : {}),
        ...(credentials.Expiration ? { expiration: credentials.Expiration } : {}),
      };
    } catch (error) {
      throw assumeRoleError(error, roleArn, this.options.describeRole?.(roleArn));
    }
  }
}

/**
 * What a failed AssumeRole means for the user. Refused credentials and other odd answers are most often a trust
 * or permission problem on one side, so they read as access denied, naming both sides' fix.
 */
export function assumeRoleError(error: unknown, roleArn: string, configuredBy?: string): AwsCallError {
  const failure = classifyFailure(error);
  // STS's own 5xx is transient (try again); any other refusal is most often trust or permissions.
  const kind =
    failure.kind === 'throttled' ||
    failure.kind === 'timeout' ||
    failure.kind === 'no-credentials' ||
    failure.kind === 'unreachable'
      ? failure.kind
      : failure.cause === 'server-error'
        ? 'other'
        : 'access-denied';
  const account = accountOfRoleArn(roleArn);
  const words =
    `could not assume ${roleArn}${configuredBy ? ` (${configuredBy})` : ''}` +
    `${account ? ` to read account ${account}` : ''}: ${failure.message}. ` +
    (refusedSourceIdentity(failure.message) ? SOURCE_IDENTITY_TRUST : nextStep(failure.cause, kind));
  return new AwsCallError(kind, 'sts:AssumeRole', words, 'AssumeRole', { cause: error });
}

/** What to do about a failed AssumeRole, by what failed. */
function nextStep(cause: ReturnType<typeof classifyFailure>['cause'], kind: string): string {
  switch (cause) {
    case 'throttled':
      return 'STS throttled the call; the next diagnosis tries again.';
    case 'timeout':
      return 'STS did not answer in time; the next diagnosis tries again.';
    case 'network':
      return 'STS could not be reached; the next diagnosis tries again.';
    case 'server-error':
      return 'STS failed on its side; the next diagnosis tries again.';
    case 'no-credentials':
    case 'credentials-refused':
      return "The bot's own credentials were refused or are missing: fix them first (they assume every role).";
    default:
      return kind === 'access-denied'
        ? "Allow sts:AssumeRole on it to the bot's own role, and make the role trust the bot's role (and the " +
            'external id, when one is set): see iam/member-account-roles.yaml.'
        : 'The next diagnosis tries again.';
  }
}
