// Configuration (spec §6): read from the environment once, at start, into a typed object. This module and the
// composition roots (src/main.ts, src/cli/*) are the only code that reads process.env; everything else gets
// values. The Slack bot's variables fail fast with the variable's NAME — never its value, which may be a secret.
// The AWS-side variables the command-line tool shares (loadAwsEnvironment) keep their old, lenient reading: a
// malformed value falls back to the default, as it always has.

export type SlackMode = 'http' | 'socket';

/** The AWS side, shared by the CLI and the bot. */
export interface AwsEnvironment {
  /**
   * Default region for commands that name none (AWS_REGION, else AWS_DEFAULT_REGION); the roots fall back to the
   * AWS profile's region (src/aws/profile.ts), which needs a file read.
   */
  defaultRegion: string | null;
  /** APIGW_DIAGNOSE_MAX_ATTEMPTS: attempts per AWS operation, first try included (default 3). */
  maxAttempts: number;
  /** PROBE_FUNCTION: a probe function name, or a `vpc-…=name,…` map. */
  probeFunction: string | null;
  /**
   * APIGW_DIAGNOSE_REQUEST_LOG_RETRY_DELAYS_MS: waits (ms) before each new search of the logs for the probe's
   * request ids (`""`: search once). Null: the engine's default.
   */
  requestLogRetryDelaysMs: number[] | null;
  /** The accounts the tool reads and acts in beyond its own (the APIGW_DIAGNOSE_* account variables). */
  accounts: AccountsSettings;
}

/**
 * Several accounts, the way multi-account AWS tools configure them (Prowler's role + external id, CloudQuery's
 * member role name + account list or organisation discovery): one role name (or ARN template) assumed in every
 * account, an optional external id, and the accounts to use — listed, discovered from AWS Organizations, or both.
 * The starting credentials stay the default for their own account.
 */
export interface AccountsSettings {
  /** APIGW_DIAGNOSE_ROLE: the read role in each account, a name (`apigw-diagnose-read`) or an ARN with `{account}`. */
  readRole: string | null;
  /** APIGW_DIAGNOSE_REMEDIATION_ROLE: the role fixes assume in each account (same forms). */
  remediationRole: string | null;
  /** APIGW_DIAGNOSE_EXTERNAL_ID: the sts:ExternalId the member roles' trust policies require. */
  externalId: string | null;
  /** APIGW_DIAGNOSE_ACCOUNTS: account ids to read, besides the starting credentials' own. */
  accountIds: string[];
  /** `organization` in APIGW_DIAGNOSE_ACCOUNTS: add the organisation's active accounts (organizations:ListAccounts). */
  discoverOrganization: boolean;
  /** APIGW_DIAGNOSE_ORG_ROLE_ARN: the role to assume in the management or delegated account for ListAccounts. */
  orgRoleArn: string | null;
  /** APIGW_DIAGNOSE_SKIP_ACCOUNTS: accounts never read, even when discovered. */
  skipAccountIds: string[];
}

export const NO_ACCOUNTS: AccountsSettings = {
  readRole: null,
  remediationRole: null,
  externalId: null,
  accountIds: [],
  discoverOrganization: false,
  orgRoleArn: null,
  skipAccountIds: [],
};

export interface Config {
  /** Socket Mode when SLACK_APP_TOKEN is set (no public URL needed); HTTP mode otherwise. */
  mode: SlackMode;
  slackBotToken: string;
  /** Required in HTTP mode (request signatures); optional in Socket Mode. */
  slackSigningSecret: string | null;
  slackAppToken: string | null;
  port: number;
  /** Base URL of the Slack Web API, ending in `/`. */
  slackApiUrl: string;
  /**
   * Default region for commands that name none (AWS_REGION, else AWS_DEFAULT_REGION); the roots fall back to the
   * AWS profile's region (src/aws/profile.ts), which needs a file read.
   */
  defaultRegion: string | null;
  /** Retries of every AWS client, diagnosis and fixes alike. */
  maxAttempts: number;
  requestLogRetryDelaysMs: number[] | null;
  remediationAllowedUsers: ReadonlySet<string>;
  remediationRoleArn: string | null;
  probeFunction: string | null;
  accounts: AccountsSettings;
  /** DynamoDB table shared by several replicas (spec §8); null keeps the state in this process's memory. */
  stateTable: string | null;
  /** How long a finished diagnosis answers an identical request (several responders, one API); 0 turns reuse off. */
  diagnosisReuseMs: number;
  logLevel: string;
  /** The MCP endpoint for remote agents (Streamable HTTP); served only when a token is set. */
  mcp: McpHttpSettings;
}

/** The bot's MCP endpoint: its own port, refused to any request without the bearer token. */
export interface McpHttpSettings {
  /** APIGW_DIAGNOSE_MCP_TOKEN: the bearer token every request must carry; null: the endpoint is not served. */
  token: string | null;
  /** APIGW_DIAGNOSE_MCP_PORT (default 3001): the port of the MCP endpoint, never the Slack port. */
  port: number;
}

/** What a process shares with the bot's other replicas: the state table and how long a report answers again. */
export interface SharingSettings {
  stateTable: string | null;
  diagnosisReuseMs: number;
}

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_MCP_PORT = 3001;

/** Who reads a variable: the Slack bot (`npm start`), the command-line tool, the MCP server on stdio. */
export type VariableReader = 'bot' | 'cli' | 'mcp-stdio';

export interface VariableDescription {
  readBy: readonly VariableReader[];
  /** When it must be set (`yes`, or the set-up that needs it); null when it never must. */
  required: string | null;
  /** The value when unset, as a reader would write it; null when unset means "none". */
  default: string | null;
  /** What it does, in a sentence or two (Markdown). */
  meaning: string;
}

const AWS_SIDE: readonly VariableReader[] = ['bot', 'cli', 'mcp-stdio'];

/**
 * Every variable this tool reads, in the order of the configuration reference (docs/configuration.md is
 * generated from this list). The loaders below read variables only by these names, so the list cannot miss one.
 * The AWS SDK's own variables (AWS_PROFILE, AWS_ENDPOINT_URL, credentials…) are read by the SDK, not here.
 */
export const ENVIRONMENT = {
  SLACK_BOT_TOKEN: { readBy: ['bot'], required: 'yes', default: null, meaning: 'Bot token `xoxb-…`.' },
  SLACK_SIGNING_SECRET: {
    readBy: ['bot'],
    required: 'HTTP mode',
    default: null,
    meaning: "Verifies Slack's request signatures.",
  },
  SLACK_APP_TOKEN: {
    readBy: ['bot'],
    required: 'Socket Mode',
    default: null,
    meaning: 'App-level token `xapp-…`; its presence selects Socket Mode.',
  },
  PORT: {
    readBy: ['bot'],
    required: null,
    default: '3000',
    meaning:
      'HTTP mode: the Slack endpoint and `GET /healthz`; Socket Mode: `GET /healthz` only (`503` while the socket is not connected).',
  },
  SLACK_API_URL: {
    readBy: ['bot'],
    required: null,
    default: DEFAULT_SLACK_API_URL,
    meaning: 'Slack Web API base URL, for proxies and tests.',
  },
  AWS_REGION: {
    readBy: AWS_SIDE,
    required: 'recommended',
    default: null,
    meaning: 'Region used when the command names none.',
  },
  AWS_DEFAULT_REGION: {
    readBy: AWS_SIDE,
    required: null,
    default: null,
    meaning: 'Region used when the command names none and `AWS_REGION` is unset.',
  },
  REMEDIATION_ALLOWED_USERS: {
    readBy: ['bot'],
    required: null,
    default: 'nobody',
    meaning: 'Comma-separated Slack user ids (`U…`/`W…`) allowed to run fixes.',
  },
  REMEDIATION_ROLE_ARN: {
    readBy: ['bot'],
    required: null,
    default: null,
    meaning: "Role assumed (STS AssumeRole) for fixes only; diagnosis keeps the bot's own read-only role.",
  },
  PROBE_FUNCTION: {
    readBy: AWS_SIDE,
    required: null,
    default: null,
    meaning:
      'Probe Lambda name, or `vpc-…=name,…`; otherwise the probe is discovered by the `apigw-diagnose-probe` prefix.',
  },
  STATE_TABLE: {
    readBy: ['bot', 'mcp-stdio'],
    required: 'several replicas',
    default: null,
    meaning: "DynamoDB table shared by replicas; unset: state lives in this process's memory.",
  },
  DIAGNOSIS_REUSE_SECONDS: {
    readBy: ['bot', 'mcp-stdio'],
    required: null,
    default: '10',
    meaning:
      'How long a finished diagnosis answers an identical command (0–300; 0: share only runs still going).',
  },
  LOG_LEVEL: {
    readBy: ['bot'],
    required: null,
    default: 'info',
    meaning: '`trace`, `debug`, `info`, `warn`, `error`, `fatal` or `silent`.',
  },
  APIGW_DIAGNOSE_MAX_ATTEMPTS: {
    readBy: AWS_SIDE,
    required: null,
    default: String(DEFAULT_MAX_ATTEMPTS),
    meaning:
      'Attempts per AWS operation, first try included, for every AWS client (diagnosis, fixes, state table). A value that is not a whole number ≥ 1 means the default: tuning never stops the process.',
  },
  APIGW_DIAGNOSE_REQUEST_LOG_RETRY_DELAYS_MS: {
    readBy: AWS_SIDE,
    required: null,
    default: '3000,5000',
    meaning:
      "Waits (ms, each 0–60000) before each new search of the logs for the probe's request id; empty: one search. A malformed list means the default: tuning never stops the process.",
  },
  APIGW_DIAGNOSE_ROLE: {
    readBy: AWS_SIDE,
    required: 'several accounts',
    default: null,
    meaning:
      'The read role assumed in every other account: a name or an ARN template with `{account}`. See [Several accounts](accounts.md).',
  },
  APIGW_DIAGNOSE_ACCOUNTS: {
    readBy: AWS_SIDE,
    required: 'several accounts',
    default: null,
    meaning: 'Account ids to read, and/or `organization` (every ACTIVE account of the organisation).',
  },
  APIGW_DIAGNOSE_SKIP_ACCOUNTS: {
    readBy: AWS_SIDE,
    required: null,
    default: null,
    meaning: 'Account ids never read, even when discovered.',
  },
  APIGW_DIAGNOSE_EXTERNAL_ID: {
    readBy: AWS_SIDE,
    required: null,
    default: null,
    meaning: "The `sts:ExternalId` the member roles' trust policies require.",
  },
  APIGW_DIAGNOSE_ORG_ROLE_ARN: {
    readBy: AWS_SIDE,
    required: null,
    default: null,
    meaning: 'Role in the management or delegated account for `organizations:ListAccounts`.',
  },
  APIGW_DIAGNOSE_REMEDIATION_ROLE: {
    readBy: AWS_SIDE,
    required: 'fixes in other accounts',
    default: null,
    meaning:
      "The role fixes assume in an account other than the bot's own (a name or an `{account}` template).",
  },
  APIGW_DIAGNOSE_MCP_TOKEN: {
    readBy: ['bot'],
    required: null,
    default: null,
    meaning:
      'Bearer token of the MCP endpoint for remote agents (32–512 printable characters, e.g. `openssl rand -hex 32`); unset: no endpoint. See [MCP server](mcp.md).',
  },
  APIGW_DIAGNOSE_MCP_PORT: {
    readBy: ['bot'],
    required: null,
    default: String(DEFAULT_MCP_PORT),
    meaning: 'Port of the MCP endpoint (`POST /mcp`); must differ from `PORT`.',
  },
  NO_COLOR: {
    readBy: ['cli'],
    required: null,
    default: null,
    meaning: "Any value turns off the CLI's colours (they are on only on a terminal).",
  },
} as const satisfies Record<string, VariableDescription>;

export type VariableName = keyof typeof ENVIRONMENT;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const DYNAMODB_TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

type Env = Record<string, string | undefined>;

/** The raw value of a listed variable: reading one that ENVIRONMENT does not describe does not compile. */
export function variable(env: Env, name: VariableName): string | undefined {
  return env[name];
}

function optional(env: Env, name: VariableName): string | null {
  const value = variable(env, name)?.trim();
  return value ? value : null;
}

function required(env: Env, name: VariableName, why: string): string {
  const value = optional(env, name);
  if (value === null) throw new ConfigError(name, `is required ${why}`);
  return value;
}

function parsePort(env: Env, name: VariableName = 'PORT', fallback = 3000): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new ConfigError(name, 'must be a TCP port number (0-65535)');
  return port;
}

function parseSlackApiUrl(env: Env): string {
  const raw = optional(env, 'SLACK_API_URL') ?? DEFAULT_SLACK_API_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SLACK_API_URL', 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError('SLACK_API_URL', 'must be an absolute http(s) URL');
  }
  // WebClient joins method names onto the base URL, so it must end in a slash.
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function parseAllowedUsers(env: Env): ReadonlySet<string> {
  const raw = optional(env, 'REMEDIATION_ALLOWED_USERS') ?? '';
  const ids = raw
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  for (const id of ids) {
    if (!SLACK_USER_ID.test(id)) {
      throw new ConfigError(
        'REMEDIATION_ALLOWED_USERS',
        'must be a comma-separated list of Slack user ids (U…/W…)',
      );
    }
  }
  return new Set(ids);
}

function parseRoleArn(env: Env): string | null {
  const raw = optional(env, 'REMEDIATION_ROLE_ARN');
  if (raw !== null && !ROLE_ARN.test(raw)) {
    throw new ConfigError(
      'REMEDIATION_ROLE_ARN',
      'must be an IAM role ARN (arn:aws:iam::123456789012:role/…)',
    );
  }
  return raw;
}

function parseStateTable(env: Env): string | null {
  const raw = optional(env, 'STATE_TABLE');
  if (raw !== null && !DYNAMODB_TABLE_NAME.test(raw)) {
    throw new ConfigError('STATE_TABLE', 'must be a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)');
  }
  return raw;
}

/** Seconds, not minutes: long enough to absorb a burst of responders, short enough that nobody acts on stale state. */
const DEFAULT_DIAGNOSIS_REUSE_SECONDS = 10;
const MAX_DIAGNOSIS_REUSE_SECONDS = 300;

function parseDiagnosisReuse(env: Env): number {
  const raw = optional(env, 'DIAGNOSIS_REUSE_SECONDS');
  if (raw === null) return DEFAULT_DIAGNOSIS_REUSE_SECONDS * 1000;
  const seconds = Number(raw);
  if (!/^\d+$/.test(raw) || seconds > MAX_DIAGNOSIS_REUSE_SECONDS)
    throw new ConfigError(
      'DIAGNOSIS_REUSE_SECONDS',
      `must be a whole number of seconds (0-${MAX_DIAGNOSIS_REUSE_SECONDS})`,
    );
  return seconds * 1000;
}

function parseLogLevel(env: Env): string {
  const level = (optional(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!LOG_LEVELS.has(level))
    throw new ConfigError('LOG_LEVEL', `must be one of ${[...LOG_LEVELS].join(', ')}`);
  return level;
}

/** A whole number >= 1; anything else (`2.5`, `5x`, `0`) is the default, like a malformed retry-delay list. */
function parseMaxAttempts(env: Env): number {
  const raw = (variable(env, 'APIGW_DIAGNOSE_MAX_ATTEMPTS') ?? '').trim();
  const parsed = /^\d+$/.test(raw) ? Number(raw) : 0;
  return parsed >= 1 ? parsed : DEFAULT_MAX_ATTEMPTS;
}

/** Comma-separated waits in ms, each 0–60000; `""` is no wait (one search). Malformed: null, the default. */
export function parseRequestLogRetryDelays(value: string | undefined): number[] | null {
  if (value === undefined) return null;
  if (value.trim() === '') return [];
  const delays = value.split(',').map((part) => Number(part.trim()));
  return delays.every((ms) => Number.isInteger(ms) && ms >= 0 && ms <= 60_000) ? delays : null;
}

const ACCOUNT_ID = /^\d{12}$/;
/** A role name with an optional path, as IAM accepts it. */
const ROLE_NAME = /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** A role ARN whose account is `{account}` (one role name in every account). */
const ROLE_ARN_TEMPLATE = /^arn:aws[a-z-]*:iam::\{account\}:role\/[\w+=,.@/-]{1,512}$/;
/** sts:ExternalId: 2-1,224 characters of [\w+=,.@:/-] (STS AssumeRole). */
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const DISCOVER_WORD = 'organization';

function parseRoleTemplate(env: Env, name: VariableName): string | null {
  const raw = optional(env, name);
  if (raw === null || ROLE_NAME.test(raw) || ROLE_ARN_TEMPLATE.test(raw)) return raw;
  throw new ConfigError(
    name,
    'must be a role name (apigw-diagnose-read) or a role ARN with {account} (arn:aws:iam::{account}:role/…)',
  );
}

function parseAccountList(
  env: Env,
  name: VariableName,
  allowDiscover: boolean,
): { ids: string[]; discover: boolean } {
  const parts = (optional(env, name) ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const discover = allowDiscover && parts.some((p) => p.toLowerCase() === DISCOVER_WORD);
  const ids = parts.filter((p) => !(allowDiscover && p.toLowerCase() === DISCOVER_WORD));
  if (ids.some((id) => !ACCOUNT_ID.test(id))) {
    throw new ConfigError(
      name,
      `must be a comma-separated list of 12-digit account ids${allowDiscover ? ` (and/or the word ${DISCOVER_WORD})` : ''}`,
    );
  }
  return { ids: [...new Set(ids)], discover };
}

/** The account variables; malformed values stop the CLI and the bot alike, naming the variable. */
export function loadAccountsSettings(env: Env = process.env): AccountsSettings {
  const readRole = parseRoleTemplate(env, 'APIGW_DIAGNOSE_ROLE');
  const remediationRole = parseRoleTemplate(env, 'APIGW_DIAGNOSE_REMEDIATION_ROLE');
  const externalId = optional(env, 'APIGW_DIAGNOSE_EXTERNAL_ID');
  if (externalId !== null && !EXTERNAL_ID.test(externalId)) {
    throw new ConfigError(
      'APIGW_DIAGNOSE_EXTERNAL_ID',
      'must be 2-1224 characters of letters, digits and +=,.@:/-',
    );
  }
  const listed = parseAccountList(env, 'APIGW_DIAGNOSE_ACCOUNTS', true);
  const skipped = parseAccountList(env, 'APIGW_DIAGNOSE_SKIP_ACCOUNTS', false);
  const orgRoleArn = optional(env, 'APIGW_DIAGNOSE_ORG_ROLE_ARN');
  if (orgRoleArn !== null && !ROLE_ARN.test(orgRoleArn)) {
    throw new ConfigError(
      'APIGW_DIAGNOSE_ORG_ROLE_ARN',
      'must be an IAM role ARN (arn:aws:iam::123456789012:role/…)',
    );
  }
  if ((listed.ids.length > 0 || listed.discover) && readRole === null) {
    throw new ConfigError(
      'APIGW_DIAGNOSE_ROLE',
      'is required with APIGW_DIAGNOSE_ACCOUNTS: the role to assume in each account (e.g. apigw-diagnose-read)',
    );
  }
  return {
    readRole,
    remediationRole,
    externalId,
    accountIds: listed.ids,
    discoverOrganization: listed.discover,
    orgRoleArn,
    skipAccountIds: skipped.ids,
  };
}

export function loadAwsEnvironment(env: Env = process.env): AwsEnvironment {
  return {
    defaultRegion: optional(env, 'AWS_REGION') ?? optional(env, 'AWS_DEFAULT_REGION'),
    maxAttempts: parseMaxAttempts(env),
    probeFunction: optional(env, 'PROBE_FUNCTION'),
    requestLogRetryDelaysMs: parseRequestLogRetryDelays(
      variable(env, 'APIGW_DIAGNOSE_REQUEST_LOG_RETRY_DELAYS_MS'),
    ),
    accounts: loadAccountsSettings(env),
  };
}

/** Long and random enough that guessing is hopeless (`openssl rand -hex 32` gives 64 characters). */
const MCP_TOKEN = /^[\x21-\x7e]{32,512}$/;

export function loadMcpHttpSettings(env: Env = process.env): McpHttpSettings {
  const token = optional(env, 'APIGW_DIAGNOSE_MCP_TOKEN');
  if (token !== null && !MCP_TOKEN.test(token)) {
    throw new ConfigError(
      'APIGW_DIAGNOSE_MCP_TOKEN',
      'must be 32-512 printable characters without spaces (e.g. the output of openssl rand -hex 32)',
    );
  }
  return { token, port: parsePort(env, 'APIGW_DIAGNOSE_MCP_PORT', DEFAULT_MCP_PORT) };
}

/** STATE_TABLE and DIAGNOSIS_REUSE_SECONDS, for processes that share diagnoses with the bot (`apigw-diagnose mcp`). */
export function loadSharingSettings(env: Env = process.env): SharingSettings {
  return { stateTable: parseStateTable(env), diagnosisReuseMs: parseDiagnosisReuse(env) };
}

export function loadConfig(env: Env = process.env): Config {
  const slackAppToken = optional(env, 'SLACK_APP_TOKEN');
  const mode: SlackMode = slackAppToken === null ? 'http' : 'socket';
  const slackBotToken = required(env, 'SLACK_BOT_TOKEN', 'to post messages');
  if (!slackBotToken.startsWith('xoxb-'))
    throw new ConfigError('SLACK_BOT_TOKEN', 'must be a bot token (xoxb-…)');
  if (slackAppToken !== null && !slackAppToken.startsWith('xapp-')) {
    throw new ConfigError('SLACK_APP_TOKEN', 'must be an app-level token (xapp-…)');
  }
  const slackSigningSecret =
    mode === 'http'
      ? required(env, 'SLACK_SIGNING_SECRET', 'in HTTP mode (set SLACK_APP_TOKEN for Socket Mode instead)')
      : optional(env, 'SLACK_SIGNING_SECRET');
  const aws = loadAwsEnvironment(env);
  const port = parsePort(env);
  const mcp = loadMcpHttpSettings(env);
  if (mcp.token !== null && mcp.port === port && port !== 0) {
    throw new ConfigError(
      'APIGW_DIAGNOSE_MCP_PORT',
      'must differ from PORT (the MCP endpoint has its own port)',
    );
  }
  return {
    mode,
    slackBotToken,
    slackSigningSecret,
    slackAppToken,
    port,
    slackApiUrl: parseSlackApiUrl(env),
    defaultRegion: aws.defaultRegion,
    maxAttempts: aws.maxAttempts,
    requestLogRetryDelaysMs: aws.requestLogRetryDelaysMs,
    remediationAllowedUsers: parseAllowedUsers(env),
    remediationRoleArn: parseRoleArn(env),
    probeFunction: aws.probeFunction,
    accounts: aws.accounts,
    ...loadSharingSettings(env),
    logLevel: parseLogLevel(env),
    mcp,
  };
}
