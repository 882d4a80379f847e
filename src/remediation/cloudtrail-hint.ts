// How a change made through the bot is recorded in CloudTrail, and how to find it. A fix's change runs in a role
// session named after the Slack user who clicked (`apigw-diagnose-<user id>`) whose source identity is the same
// user (`slack-<user id>`): CloudTrail's Event history filters "User name" on the session name of an assumed role,
// and every event of the session carries the source identity in `userIdentity.sessionContext.sourceIdentity`.
// Sources: LookupEvents' `Username` attribute
// (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupAttribute.html; the CLI's own example
// shows `"Username": "my-session-name"` for an AssumedRole event,
// https://github.com/aws/aws-cli/blob/develop/awscli/examples/cloudtrail/lookup-events.rst), and "Viewing source
// identity in CloudTrail"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html#id_credentials_temp_control-access_monitor-ct).

import type { Actor } from './types.js';

/** The characters STS accepts in a session name and a source identity; anything else becomes `-`. */
const NOT_STS = /[^\w+=,.@-]/g;

/** `apigw-diagnose` or `apigw-diagnose-<who>`, limited to the characters and 64-char length STS accepts. */
export function sessionNameFor(who?: string): string {
  const suffix = who ? `-${who.replace(NOT_STS, '-')}` : '';
  return `apigw-diagnose${suffix}`.slice(0, 64);
}

/** `slack-<user id>`: the source identity of a fix's session (2-64 characters of [\w+=,.@-]). */
export function sourceIdentityFor(userId: string): string {
  return `slack-${userId.replace(NOT_STS, '-')}`.slice(0, 64);
}

export interface CloudTrailHintInput {
  actor: Actor;
  /** Where the change was made: CloudTrail's Event history is per region. */
  region: string;
  /** The AWS request id of the change: the event's `requestID`. */
  requestId: string | null;
  /** When the change was made: the lookup starts a minute before. */
  at: Date;
  /** The role session the change ran in; null when it ran on the bot's own credentials (no remediation role). */
  roleSessionName: string | null;
}

export interface CloudTrailHint {
  /** Plain words: where to look in the console and what to filter on. */
  where: string;
  /** The AWS CLI command that finds the event, to copy whole. */
  command: string;
}

/** Where the CloudTrail event of a change is, in the console and with the AWS CLI. */
export function cloudTrailHint(input: CloudTrailHintInput): CloudTrailHint {
  const { actor, region, requestId, at, roleSessionName } = input;
  const start = new Date(at.getTime() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const event = requestId ? `, the event with request ID ${requestId}` : '';
  // Request ids are letters, digits and hyphens; anything else is left out of the shell command.
  const queryable = requestId !== null && /^[\w-]+$/.test(requestId);
  const where = roleSessionName
    ? `CloudTrail → Event history in ${region}, filter "User name" = ${roleSessionName} (the role session; ` +
      `source identity ${sourceIdentityFor(actor.userId)})${event}.`
    : `CloudTrail → Event history in ${region}${event} (made with the bot's own credentials, so the event ` +
      'does not name the Slack user).';
  const command = [
    `aws cloudtrail lookup-events --region ${region}`,
    ...(roleSessionName
      ? [`--lookup-attributes AttributeKey=Username,AttributeValue=${roleSessionName}`]
      : []),
    `--start-time ${start}`,
    ...(queryable ? [`--query "Events[?contains(CloudTrailEvent, '${requestId}')]"`] : []),
  ].join(' ');
  return { where, command };
}
