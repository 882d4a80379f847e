// End to end: each scenario is seeded into a real moto_server through the AWS SDK, then the BUILT CLI runs
// as a child process against it (AWS_ENDPOINT_URL) and its JSON report must name the expected verdict and
// primary cause. A missing moto_server or a missing build fails the suite; nothing here is skipped.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SCENARIOS, seedScenario } from '../../scripts/seed-scenarios.mjs';
import { type MotoServer, startMoto } from '../support/moto.js';
import { assertCliBuilt, awsEnvFor, closedLoopbackUrl, runBuiltCli } from './built-cli.js';

const VERDICTS = ['broken', 'degraded', 'healthy', 'inconclusive'];
const SEVERITIES = ['error', 'warning', 'info'];
const CHECK_STATUSES = ['pass', 'fail', 'warn', 'skipped', 'error'];
// Issue 2's budget for a one-endpoint API (13 calls without the probe), plus GetResources and
// GetCallerIdentity (both at level 0) and the caller VPC's DNS layer (issue 9: the Resolver rule associations
// and rules, and its private hosted zones), and its DNS Firewall rule group associations (one call at level 0; the
// rules and domain lists are read only for a VPC that has an association).
const MAX_AWS_CALLS_ONE_ENDPOINT = 19;

interface ReportJson {
  schemaVersion: number;
  target: Record<string, unknown>;
  verdict: string;
  primaryCause: string | null;
  findings: Array<Record<string, unknown>>;
  checks: Array<Record<string, unknown>>;
  stats: { durationMs: number; awsCalls: Record<string, number> };
}

/** The top-level shape of spec §3, field by field, so a renamed or missing field fails with its name. */
function expectReportShape(report: ReportJson): void {
  expect(report.schemaVersion).toBe(1);
  expect(report.target).toMatchObject({
    apiId: expect.any(String),
    region: 'us-east-1',
    urlForm: expect.stringMatching(/^(private-dns|vpce-alias|vpce-hostname|custom-domain|none)$/),
    vpcEndpointIds: expect.any(Array),
  });
  expect(Object.keys(report.target)).toEqual(
    expect.arrayContaining(['apiId', 'region', 'stage', 'accountId', 'urlForm', 'vpcId', 'vpcEndpointIds']),
  );
  expect(VERDICTS).toContain(report.verdict);
  for (const finding of report.findings) {
    expect(finding).toMatchObject({
      code: expect.any(String),
      check: expect.any(String),
      title: expect.any(String),
      detail: expect.any(String),
      evidence: expect.any(Object),
      remediations: expect.any(Array),
    });
    expect(SEVERITIES).toContain(finding.severity);
  }
  for (const check of report.checks) {
    expect(check).toMatchObject({ id: expect.any(String), durationMs: expect.any(Number) });
    expect(CHECK_STATUSES).toContain(check.status);
  }
  expect(report.stats.durationMs).toEqual(expect.any(Number));
  expect(report.stats.awsCalls).toMatchObject({
    apigateway: expect.any(Number),
    ec2: expect.any(Number),
    logs: expect.any(Number),
    lambda: expect.any(Number),
  });
}

function parseReport(stdout: string, stderr: string): ReportJson {
  try {
    return JSON.parse(stdout) as ReportJson;
  } catch {
    throw new Error(`stdout is not a JSON report.\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  }
}

function totalCalls(report: ReportJson): number {
  return Object.values(report.stats.awsCalls).reduce((sum, count) => sum + count, 0);
}

describe('apigw-diagnose (built CLI) against a seeded moto_server', () => {
  let moto: MotoServer | undefined;

  beforeAll(async () => {
    assertCliBuilt();
    moto = await startMoto();
  });

  afterAll(async () => {
    await moto?.stop();
  });

  beforeEach(async () => {
    await moto?.reset();
  });

  function motoUrl(): string {
    if (!moto) throw new Error('moto_server did not start');
    return moto.url;
  }

  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario]))(
    'reports the expected verdict and primary cause when %s',
    async (_name, scenario) => {
      // Prepare
      const seeded = await seedScenario(scenario.name, motoUrl());

      // Act
      const run = await runBuiltCli(
        [seeded.target, '--region', 'us-east-1', '--json', '--no-probe', ...seeded.args],
        awsEnvFor(motoUrl()),
      );

      // Assess
      const report = parseReport(run.stdout, run.stderr);
      const found = report.findings.map((finding) => `${finding.code}(${finding.severity})`);
      const context = `${scenario.summary}; findings: ${found.join(', ') || 'none'}; stderr: ${run.stderr}`;
      expectReportShape(report);
      expect({ verdict: report.verdict, primaryCause: report.primaryCause }, context).toEqual({
        verdict: seeded.expected.verdict,
        primaryCause: seeded.expected.primaryCause,
      });
      expect(report.findings.map((finding) => finding.code)).toEqual(
        expect.arrayContaining(seeded.expected.findings),
      );
      for (const code of seeded.expected.absent ?? []) {
        expect(
          report.findings.map((finding) => finding.code),
          context,
        ).not.toContain(code);
      }
      for (const [code, fields] of Object.entries(seeded.expected.findingFields ?? {})) {
        expect(
          report.findings.find((finding) => finding.code === code),
          `${code}: ${context}`,
        ).toMatchObject(fields);
      }
      expect(report.target.apiId).toBe(seeded.apiId);
      expect(run.code).toBe(seeded.expected.verdict === 'healthy' ? 0 : 1);
    },
  );

  it('passes every check it runs on the healthy API and stays within the call budget of one endpoint', async () => {
    // Prepare
    const seeded = await seedScenario('healthy', motoUrl());

    // Act
    const run = await runBuiltCli(
      [seeded.apiId, '--region', 'us-east-1', '--json', '--no-probe'],
      awsEnvFor(motoUrl()),
    );

    // Assess
    const report = parseReport(run.stdout, run.stderr);
    const notPassing = report.checks.filter((check) => check.status !== 'pass' && check.status !== 'skipped');
    expect(notPassing).toEqual([]);
    expect(report.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
    expect(report.target).toMatchObject({ stage: 'prod', vpcId: seeded.vpcId });
    expect(totalCalls(report)).toBeLessThanOrEqual(MAX_AWS_CALLS_ONE_ENDPOINT);
  });

  it.each([
    ['an API id of the wrong shape', ['NOT-AN-ID']],
    ['an unknown option', ['a1b2c3d4e5', '--colour']],
    ['a --vpc value that is not a VPC id', ['a1b2c3d4e5', '--vpc', 'subnet-123']],
    ['a --since value that is not a duration', ['a1b2c3d4e5', '--since', 'yesterday']],
    ['no target at all', []],
  ])('exits 2 with a usage error and calls no AWS API when given %s', async (_case, args) => {
    // Prepare: nothing listens at this endpoint, so any AWS call would end in exit 3, not 2.
    const env = awsEnvFor(await closedLoopbackUrl());

    // Act
    const run = await runBuiltCli([...args, '--region', 'us-east-1', '--json', '--no-probe'], env);

    // Assess
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/usage/i);
    expect(run.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    expect(run.stdout).toBe('');
  });

  it('exits 3 with one clear line on stderr when AWS cannot be reached', async () => {
    // Prepare
    const env = awsEnvFor(await closedLoopbackUrl());

    // Act
    const run = await runBuiltCli(['a1b2c3d4e5', '--region', 'us-east-1', '--json', '--no-probe'], env);

    // Assess
    expect(run.code, run.stderr).toBe(3);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/reach|unreachable|connect/i);
    expect(run.stdout).toBe('');
  });
});
