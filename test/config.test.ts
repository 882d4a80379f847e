import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_SLACK_API_URL,
  loadAccountsSettings,
  loadAwsEnvironment,
  loadConfig,
  NO_ACCOUNTS,
} from '../src/config.js';

const HTTP_ENV = { SLACK_BOT_TOKEN: 'xoxb-secret-value', SLACK_SIGNING_SECRET: 'shh-secret-value' };

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to HTTP mode on port 3000 with Slack own API URL and nobody allowed to fix', () => {
    const config = loadConfig(HTTP_ENV);

    expect(config).toMatchObject({
      mode: 'http',
      port: 3000,
      slackApiUrl: DEFAULT_SLACK_API_URL,
      remediationRoleArn: null,
      probeFunction: null,
      stateTable: null,
      diagnosisReuseMs: 10_000,
    });
    expect(config.remediationAllowedUsers.size).toBe(0);
  });

  it('switches to Socket Mode when SLACK_APP_TOKEN is set, without a signing secret', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });

    expect(config.mode).toBe('socket');
    expect(config.slackSigningSecret).toBeNull();
  });

  it('parses the allow-list, role, probe, port, API URL and state table', () => {
    const config = loadConfig({
      ...HTTP_ENV,
      REMEDIATION_ALLOWED_USERS: ' U0ALLOWED1, W0ALLOWED2 ,',
      REMEDIATION_ROLE_ARN: 'arn:aws:iam::123456789012:role/apigw-diagnose-remediation',
      PROBE_FUNCTION: 'vpc-0a1b2c3d=probe-a',
      PORT: '8080',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
      AWS_REGION: 'eu-west-1',
      STATE_TABLE: 'apigw-diagnose-state',
      DIAGNOSIS_REUSE_SECONDS: '0',
    });

    expect([...config.remediationAllowedUsers]).toEqual(['U0ALLOWED1', 'W0ALLOWED2']);
    expect(config.remediationRoleArn).toBe('arn:aws:iam::123456789012:role/apigw-diagnose-remediation');
    expect(config.probeFunction).toBe('vpc-0a1b2c3d=probe-a');
    expect(config.port).toBe(8080);
    expect(config.slackApiUrl).toBe('http://127.0.0.1:9999/api/');
    expect(config.defaultRegion).toBe('eu-west-1');
    expect(config.stateTable).toBe('apigw-diagnose-state');
    expect(config.diagnosisReuseMs).toBe(0);
  });

  it.each([
    ['SLACK_BOT_TOKEN', { SLACK_SIGNING_SECRET: 'shh' }],
    ['SLACK_SIGNING_SECRET', { SLACK_BOT_TOKEN: 'xoxb-1' }],
    ['PORT', { ...HTTP_ENV, PORT: 'eighty' }],
    ['SLACK_API_URL', { ...HTTP_ENV, SLACK_API_URL: 'not a url' }],
    ['REMEDIATION_ALLOWED_USERS', { ...HTTP_ENV, REMEDIATION_ALLOWED_USERS: 'maria' }],
    ['REMEDIATION_ROLE_ARN', { ...HTTP_ENV, REMEDIATION_ROLE_ARN: 'role/x' }],
    ['STATE_TABLE', { ...HTTP_ENV, STATE_TABLE: 'arn:aws:dynamodb:us-east-1:123456789012:table/state' }],
    ['DIAGNOSIS_REUSE_SECONDS', { ...HTTP_ENV, DIAGNOSIS_REUSE_SECONDS: '1.5' }],
    ['DIAGNOSIS_REUSE_SECONDS', { ...HTTP_ENV, DIAGNOSIS_REUSE_SECONDS: '3600' }],
  ])('fails naming %s when it is missing or malformed', (variable, env) => {
    expect(errorOf(env as Record<string, string>).variable).toBe(variable);
  });

  it('never puts a secret value in the error message', () => {
    const error = errorOf({ SLACK_BOT_TOKEN: 'not-a-bot-token-SECRET', SLACK_SIGNING_SECRET: 'x' });

    expect(error.variable).toBe('SLACK_BOT_TOKEN');
    expect(error.message).not.toContain('SECRET');
  });
});

describe('loadAwsEnvironment (the CLI and the bot alike)', () => {
  it("defaults to 3 attempts, no probe function, the engine's log-search delays, and no region", () => {
    expect(loadAwsEnvironment({})).toEqual({
      defaultRegion: null,
      maxAttempts: 3,
      probeFunction: null,
      requestLogRetryDelaysMs: null,
      accounts: NO_ACCOUNTS,
    });
  });

  it('reads APIGW_DIAGNOSE_MAX_ATTEMPTS, and falls back to 3 on a value that is not a whole number >= 1', () => {
    const attempts = ['5', ' 2 ', 'not-a-number', '0', '2.5', '5x'].map(
      (value) => loadAwsEnvironment({ APIGW_DIAGNOSE_MAX_ATTEMPTS: value }).maxAttempts,
    );

    expect(attempts).toEqual([5, 2, 3, 3, 3, 3]);
  });

  it('reads the region, the probe function and the log-search delays (empty: one search; malformed: default)', () => {
    const read = (delays: string) =>
      loadAwsEnvironment({
        AWS_DEFAULT_REGION: 'eu-west-1',
        PROBE_FUNCTION: ' vpc-1=probe-a ',
        APIGW_DIAGNOSE_REQUEST_LOG_RETRY_DELAYS_MS: delays,
      });

    expect(read('2000, 4000')).toMatchObject({
      defaultRegion: 'eu-west-1',
      probeFunction: 'vpc-1=probe-a',
      requestLogRetryDelaysMs: [2000, 4000],
    });
    expect(read('').requestLogRetryDelaysMs).toEqual([]);
    expect(read('soon').requestLogRetryDelaysMs).toBeNull();
    expect(read('70000').requestLogRetryDelaysMs).toBeNull();
  });

  it('gives the bot the same retry policy (one for every AWS client of the process)', () => {
    expect(loadConfig({ ...HTTP_ENV, APIGW_DIAGNOSE_MAX_ATTEMPTS: '2' }).maxAttempts).toBe(2);
  });
});

describe('loadAccountsSettings (the APIGW_DIAGNOSE_* account variables)', () => {
  function accountsErrorOf(env: Record<string, string>): ConfigError {
    try {
      loadAccountsSettings(env);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
  }

  it('reads no other account when no variable is set (one account, as before)', () => {
    expect(loadAccountsSettings({})).toEqual(NO_ACCOUNTS);
    expect(NO_ACCOUNTS).toEqual({
      readRole: null,
      remediationRole: null,
      externalId: null,
      accountIds: [],
      discoverOrganization: false,
      orgRoleArn: null,
      skipAccountIds: [],
    });
  });

  it('reads a role name, an external id, listed accounts with organization, skipped accounts and the org role', () => {
    // Act
    const settings = loadAccountsSettings({
      APIGW_DIAGNOSE_ROLE: ' apigw-diagnose-read ',
      APIGW_DIAGNOSE_REMEDIATION_ROLE: 'ops/apigw-diagnose-remediation',
      APIGW_DIAGNOSE_EXTERNAL_ID: 'ops-7f3a:team/a',
      APIGW_DIAGNOSE_ACCOUNTS: '222222222222, Organization ,333333333333,222222222222,',
      APIGW_DIAGNOSE_SKIP_ACCOUNTS: '444444444444 , 555555555555',
      APIGW_DIAGNOSE_ORG_ROLE_ARN: 'arn:aws:iam::111111111111:role/org-reader',
    });

    // Assess: duplicates dropped, the word found in any case, blanks ignored.
    expect(settings).toEqual({
      readRole: 'apigw-diagnose-read',
      remediationRole: 'ops/apigw-diagnose-remediation',
      externalId: 'ops-7f3a:team/a',
      accountIds: ['222222222222', '333333333333'],
      discoverOrganization: true,
      orgRoleArn: 'arn:aws:iam::111111111111:role/org-reader',
      skipAccountIds: ['444444444444', '555555555555'],
    });
  });

  it('accepts role ARN templates with {account}, in any partition', () => {
    const settings = loadAccountsSettings({
      APIGW_DIAGNOSE_ROLE: 'arn:aws:iam::{account}:role/team/apigw-diagnose-read',
      APIGW_DIAGNOSE_REMEDIATION_ROLE: 'arn:aws-us-gov:iam::{account}:role/apigw-diagnose-remediation',
    });

    expect(settings.readRole).toBe('arn:aws:iam::{account}:role/team/apigw-diagnose-read');
    expect(settings.remediationRole).toBe('arn:aws-us-gov:iam::{account}:role/apigw-diagnose-remediation');
    expect(settings.accountIds).toEqual([]);
  });

  it('discovers the organisation with no listed id when the list is only the word organization', () => {
    const settings = loadAccountsSettings({
      APIGW_DIAGNOSE_ROLE: 'apigw-diagnose-read',
      APIGW_DIAGNOSE_ACCOUNTS: 'organization',
    });

    expect(settings).toMatchObject({ discoverOrganization: true, accountIds: [] });
  });

  it.each<[string, string, Record<string, string>]>([
    ['APIGW_DIAGNOSE_ROLE', 'a role name with spaces', { APIGW_DIAGNOSE_ROLE: 'apigw diagnose read' }],
    [
      'APIGW_DIAGNOSE_ROLE',
      "one account's role ARN (no {account})",
      { APIGW_DIAGNOSE_ROLE: 'arn:aws:iam::123456789012:role/apigw-diagnose-read' },
    ],
    [
      'APIGW_DIAGNOSE_ROLE',
      'a misspelt {account}',
      { APIGW_DIAGNOSE_ROLE: 'arn:aws:iam::{acount}:role/apigw-diagnose-read' },
    ],
    ['APIGW_DIAGNOSE_ROLE', 'a 65-character role name', { APIGW_DIAGNOSE_ROLE: 'r'.repeat(65) }],
    [
      'APIGW_DIAGNOSE_REMEDIATION_ROLE',
      'an empty name after a path',
      { APIGW_DIAGNOSE_REMEDIATION_ROLE: 'role/' },
    ],
    ['APIGW_DIAGNOSE_EXTERNAL_ID', 'a 1-character id', { APIGW_DIAGNOSE_EXTERNAL_ID: 'x' }],
    ['APIGW_DIAGNOSE_EXTERNAL_ID', 'an id with spaces', { APIGW_DIAGNOSE_EXTERNAL_ID: 'has a space' }],
    ['APIGW_DIAGNOSE_EXTERNAL_ID', 'a 1225-character id', { APIGW_DIAGNOSE_EXTERNAL_ID: 'e'.repeat(1225) }],
    [
      'APIGW_DIAGNOSE_ACCOUNTS',
      'an 11-digit id',
      { APIGW_DIAGNOSE_ROLE: 'apigw-diagnose-read', APIGW_DIAGNOSE_ACCOUNTS: '22222222222' },
    ],
    [
      'APIGW_DIAGNOSE_ACCOUNTS',
      'an id with dashes',
      { APIGW_DIAGNOSE_ROLE: 'apigw-diagnose-read', APIGW_DIAGNOSE_ACCOUNTS: '2222-2222-2222' },
    ],
    [
      'APIGW_DIAGNOSE_ACCOUNTS',
      'a misspelt organization',
      { APIGW_DIAGNOSE_ROLE: 'apigw-diagnose-read', APIGW_DIAGNOSE_ACCOUNTS: 'organisation' },
    ],
    [
      'APIGW_DIAGNOSE_SKIP_ACCOUNTS',
      'the word organization',
      { APIGW_DIAGNOSE_SKIP_ACCOUNTS: 'organization' },
    ],
    ['APIGW_DIAGNOSE_SKIP_ACCOUNTS', 'a 13-digit id', { APIGW_DIAGNOSE_SKIP_ACCOUNTS: '1234567890123' }],
    ['APIGW_DIAGNOSE_ORG_ROLE_ARN', 'a role name', { APIGW_DIAGNOSE_ORG_ROLE_ARN: 'org-reader' }],
    [
      'APIGW_DIAGNOSE_ORG_ROLE_ARN',
      'a template',
      { APIGW_DIAGNOSE_ORG_ROLE_ARN: 'arn:aws:iam::{account}:role/org-reader' },
    ],
    ['APIGW_DIAGNOSE_ROLE', 'listed accounts and no role', { APIGW_DIAGNOSE_ACCOUNTS: '222222222222' }],
    ['APIGW_DIAGNOSE_ROLE', 'organization and no role', { APIGW_DIAGNOSE_ACCOUNTS: 'organization' }],
  ])('fails naming %s on %s', (variable, _case, env) => {
    const error = accountsErrorOf(env);

    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable} `)).toBe(true);
  });

  it('asks for the role by example when accounts are listed without one', () => {
    const error = accountsErrorOf({ APIGW_DIAGNOSE_ACCOUNTS: '222222222222' });

    expect(error.message).toMatch(/APIGW_DIAGNOSE_ROLE is required with APIGW_DIAGNOSE_ACCOUNTS/);
    expect(error.message).toContain('apigw-diagnose-read');
  });

  it('never puts the external id in the error message', () => {
    const error = accountsErrorOf({ APIGW_DIAGNOSE_EXTERNAL_ID: 'SECRET value' });

    expect(error.variable).toBe('APIGW_DIAGNOSE_EXTERNAL_ID');
    expect(error.message).not.toContain('SECRET');
  });

  it('stops the CLI (loadAwsEnvironment) and the bot (loadConfig) alike on a malformed value', () => {
    const env = { ...HTTP_ENV, APIGW_DIAGNOSE_ROLE: 'apigw-diagnose-read', APIGW_DIAGNOSE_ACCOUNTS: '42' };

    expect(() => loadAwsEnvironment(env)).toThrow(ConfigError);
    expect(errorOf(env).variable).toBe('APIGW_DIAGNOSE_ACCOUNTS');
  });

  it('hands the same settings to the CLI and the bot', () => {
    const env = {
      ...HTTP_ENV,
      APIGW_DIAGNOSE_ROLE: 'apigw-diagnose-read',
      APIGW_DIAGNOSE_ACCOUNTS: '222222222222',
      APIGW_DIAGNOSE_EXTERNAL_ID: 'ops-7f3a',
    };

    const expected = {
      ...NO_ACCOUNTS,
      readRole: 'apigw-diagnose-read',
      externalId: 'ops-7f3a',
      accountIds: ['222222222222'],
    };
    expect(loadAwsEnvironment(env).accounts).toEqual(expected);
    expect(loadConfig(env).accounts).toEqual(expected);
  });
});
