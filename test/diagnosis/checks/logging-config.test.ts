import { describe, expect, it } from 'vitest';
import { loggingConfigCheck } from '../../../src/diagnosis/checks/logging-config.js';
import type {
  AccountInfo,
  AwsFailure,
  Facts,
  Fetched,
  LoggingLevel,
  StageInfo,
} from '../../../src/diagnosis/facts.js';
import {
  buildFacts as buildSharedFacts,
  fetchedFailed,
  fetchedOk,
  stage as sharedStage,
} from './facts-builder.js';

function stage(loggingLevel: LoggingLevel): StageInfo {
  return sharedStage({ loggingLevel });
}

const ROLE_SET = fetchedOk<AccountInfo>(
  { cloudwatchRoleArn: 'arn:aws:iam::123456789012:role/apigw-logs' },
  5,
);
const ROLE_MISSING = fetchedOk<AccountInfo>({ cloudwatchRoleArn: null }, 5);

function accountFailure(kind: AwsFailure['kind']): Fetched<AccountInfo> {
  return fetchedFailed(
    kind,
    { action: 'apigateway:GET', operation: 'GetAccount', message: 'User is not authorized' },
    5,
  );
}

function buildFacts(overrides: { stage?: StageInfo | null; account?: Fetched<AccountInfo> | null }): Facts {
  const stageInfo = overrides.stage === undefined ? stage('INFO') : overrides.stage;
  return buildSharedFacts({
    urlForm: 'none',
    stages: stageInfo ? fetchedOk([stageInfo], 5) : null,
    stage: stageInfo,
    account: overrides.account === undefined ? ROLE_SET : overrides.account,
  });
}

describe('loggingConfigCheck', () => {
  it('skips with a reason when no stage was chosen', () => {
    // Act
    const outcome = loggingConfigCheck.run(buildFacts({ stage: null }));

    // Assess
    expect(outcome).toEqual({ status: 'skipped', findings: [], reason: expect.stringContaining('no stage') });
  });

  it.each<[string, LoggingLevel, Fetched<AccountInfo> | null, string, string[]]>([
    ['passes when logging is INFO and the role is set', 'INFO', ROLE_SET, 'pass', []],
    ['passes when logging is ERROR and the role is set', 'ERROR', ROLE_SET, 'pass', []],
    ['passes when logging is on and the account was not read', 'INFO', null, 'pass', []],
    [
      'warns EXECUTION_LOGGING_DISABLED when logging is OFF',
      'OFF',
      ROLE_SET,
      'warn',
      ['EXECUTION_LOGGING_DISABLED'],
    ],
    [
      'warns CLOUDWATCH_ROLE_MISSING when the account has no role',
      'INFO',
      ROLE_MISSING,
      'warn',
      ['CLOUDWATCH_ROLE_MISSING'],
    ],
    [
      'reports both when logging is OFF and the role is missing',
      'OFF',
      ROLE_MISSING,
      'warn',
      ['EXECUTION_LOGGING_DISABLED', 'CLOUDWATCH_ROLE_MISSING'],
    ],
    [
      'errors but keeps the logging finding when GetAccount was denied',
      'OFF',
      accountFailure('access-denied'),
      'error',
      ['EXECUTION_LOGGING_DISABLED', 'AWS_PERMISSION_MISSING'],
    ],
    [
      'errors without a finding when GetAccount was throttled',
      'INFO',
      accountFailure('throttled'),
      'error',
      [],
    ],
  ])('%s', (_name, loggingLevel, account, status, codes) => {
    // Act
    const outcome = loggingConfigCheck.run(buildFacts({ stage: stage(loggingLevel), account }));

    // Assess
    expect(outcome.status).toBe(status);
    expect(outcome.findings.map((f) => f.code)).toEqual(codes);
  });

  it('gives the stage and level as evidence and says the fix needs no redeploy when logging is OFF', () => {
    // Act
    const [logging] = loggingConfigCheck.run(buildFacts({ stage: stage('OFF') })).findings;

    // Assess
    expect(logging?.evidence).toEqual({
      apiId: 'a1b2c3d4e5',
      stage: 'prod',
      loggingLevel: 'OFF',
      metricsEnabled: false,
    });
    expect(logging?.detail).toMatch(/cannot be confirmed/);
    expect(logging?.detail).toMatch(/INFO.*no redeploy is needed/);
    expect(logging?.remediations).toEqual(['enable-logging']);
    expect(logging?.check).toBe('logging-config');
  });

  it('quotes the UpdateStage error and names the region when the CloudWatch role is missing', () => {
    // Act
    const [role] = loggingConfigCheck.run(buildFacts({ account: ROLE_MISSING })).findings;

    // Assess
    expect(role?.severity).toBe('warning');
    expect(role?.detail).toContain(
      'CloudWatch Logs role ARN must be set in account settings to enable logging',
    );
    expect(role?.detail).toContain('us-east-1');
    expect(role?.evidence).toEqual({ region: 'us-east-1', cloudwatchRoleArn: null });
  });

  it('names the failed call in the reason when the account could not be read', () => {
    // Act
    const outcome = loggingConfigCheck.run(buildFacts({ account: accountFailure('access-denied') }));

    // Assess
    expect(outcome.reason).toMatch(/cloudwatchRoleArn.*GetAccount: access denied to apigateway:GET/);
  });
});
