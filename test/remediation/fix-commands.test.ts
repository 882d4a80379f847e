// The report names, next to each finding that offers a fix button, the AWS CLI commands that make the same
// change and undo it, with the report's ids.

import { describe, expect, it } from 'vitest';
import { noCalls } from '../../src/diagnosis/call-counter.js';
import { finding } from '../../src/diagnosis/checks/check.js';
import { buildReport, type RanCheck } from '../../src/diagnosis/report.js';
import type { Target } from '../../src/diagnosis/types.js';
import { withFixCommands } from '../../src/remediation/fix-commands.js';
import { loggingOff, privateDnsOff, target } from './report-fixtures.js';

function report(ran: RanCheck[], over: Partial<Target> = {}) {
  return withFixCommands(
    buildReport({ target: { ...target, ...over }, ran, durationMs: 1, awsCalls: noCalls() }),
  );
}

describe('withFixCommands', () => {
  it('adds the Enable logging commands to the fix, before the caveat in the detail', () => {
    const [found] = report([loggingOff]).findings;

    const command =
      "`aws apigateway update-stage --region eu-west-1 --rest-api-id a1b2c3d4e5 --stage-name prod --patch-operations 'op=replace,path=/*/*/logging/loglevel,value=INFO' 'op=replace,path=/*/*/metrics/enabled,value=true'`";
    expect(found?.fix).toContain(`Enable execution logging with the AWS CLI: ${command}; undo: `);
    expect(found?.fix).toContain("'op=replace,path=/*/*/logging/loglevel,value=OFF'");
    expect(found?.detail).toBe(
      `Execution logging is OFF on stage prod. ${found?.fix} CloudWatch Logs charges apply.`,
    );
  });

  it('gives a finding that does not hold the logging settings the undo of the one that does', () => {
    const probeLogsOff: RanCheck = {
      id: 'probe-request-logs',
      durationMs: 1,
      outcome: {
        status: 'warn',
        findings: [
          finding(
            'PROBE_REQUEST_LOGS_OFF',
            { cause: 'The probe request cannot be found.', fix: 'Turn logging on.', resources: [] },
            { stage: 'prod' },
          ),
        ],
      },
    };

    const probe = report([loggingOff, probeLogsOff]).findings.find(
      (f) => f.code === 'PROBE_REQUEST_LOGS_OFF',
    );

    expect(probe?.fix).toContain("'op=replace,path=/*/*/logging/loglevel,value=OFF'");
    expect(probe?.fix).not.toContain('<logging-level>');
  });

  it('fills in the endpoint the finding names', () => {
    const [found] = report([privateDnsOff(['vpce-0ffff'])]).findings;

    expect(found?.fix).toContain(
      '`aws ec2 modify-vpc-endpoint --region eu-west-1 --vpc-endpoint-id vpce-0ffff --private-dns-enabled`',
    );
    expect(found?.fix).not.toContain('<vpce-id>');
  });

  it('names the endpoints to choose from when the finding names several', () => {
    const [found] = report([privateDnsOff(['vpce-a', 'vpce-b'])]).findings;

    expect(found?.fix).toContain("--vpc-endpoint-id '<vpce-id>'");
    expect(found?.fix).toContain('Substitute one of vpce-a, vpce-b for `<vpce-id>`');
  });

  it('sets the CloudWatch Logs role first when the report found none', () => {
    const roleMissing: RanCheck = {
      id: 'logging-config',
      durationMs: 1,
      outcome: {
        status: 'warn',
        findings: [
          ...loggingOff.outcome.findings,
          finding(
            'CLOUDWATCH_ROLE_MISSING',
            { cause: 'No role.', fix: 'Set one.', resources: [] },
            { region: 'eu-west-1' },
          ),
        ],
      },
    };

    const logging = report([roleMissing]).findings.find((f) => f.code === 'EXECUTION_LOGGING_DISABLED');

    expect(logging?.fix).toMatch(
      /AWS CLI: `aws apigateway update-account .*` then `aws apigateway update-stage/,
    );
  });

  it('says in which account to run an endpoint fix when the report reads several', () => {
    const ran = privateDnsOff(['vpce-0ffff']);
    const consumer = {
      ...ran.outcome.findings[0],
      accountId: '222222222222',
    } as (typeof ran.outcome.findings)[0];
    const built = buildReport({
      target: { ...target, consumerAccountIds: ['222222222222'] },
      ran: [{ ...ran, outcome: { ...ran.outcome, findings: [consumer] } }],
      durationMs: 1,
      awsCalls: noCalls(),
    });

    const [found] = withFixCommands(built).findings;

    expect(found?.fix).toContain('Enable private DNS with the AWS CLI in account 222222222222:');
  });

  it('leaves findings without a fix button as they were', () => {
    const ran: RanCheck = {
      id: 'stage',
      durationMs: 1,
      outcome: {
        status: 'fail',
        findings: [finding('STAGE_NOT_FOUND', { cause: 'No stage.', fix: 'Pick one.', resources: [] }, {})],
      },
    };
    const built = buildReport({ target, ran: [ran], durationMs: 1, awsCalls: noCalls() });

    expect(withFixCommands(built)).toEqual(built);
  });
});

describe('withFixCommands: a fix that already gives the command', () => {
  it('adds only the undo, with the deployment the stage serves now', () => {
    const ran: RanCheck = {
      id: 'deployment',
      durationMs: 1,
      outcome: {
        status: 'fail',
        findings: [
          finding(
            'POLICY_NOT_DEPLOYED',
            {
              cause: 'The policy changed after the deployment.',
              fix: 'Redeploy: `aws apigateway create-deployment --rest-api-id a1b2c3d4e5 --region eu-west-1 --stage-name prod`.',
              resources: [],
            },
            { deploymentId: 'dep42' },
          ),
        ],
      },
    };

    const [found] = report([ran]).findings;

    expect(found?.fix?.match(/create-deployment/g)).toHaveLength(1);
    expect(found?.fix).toContain(
      'Undo (Redeploy stage) with the AWS CLI: `aws apigateway update-stage --region eu-west-1 --rest-api-id a1b2c3d4e5 --stage-name prod --patch-operations op=replace,path=/deploymentId,value=dep42`.',
    );
  });
});
