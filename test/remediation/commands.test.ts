// The AWS CLI commands of the fixes: exact arguments, ids filled in, placeholders only for what is unknown, and
// every line one that a shell passes to `aws` unchanged.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CommandTarget, commandLine, fixCommands, shellQuote } from '../../src/remediation/commands.js';
import { FIX_IDS } from '../../src/remediation/registry.js';

const known: CommandTarget = {
  region: 'eu-west-1',
  apiId: 'a1b2c3d4e5',
  stage: 'prod',
  vpceIds: ['vpce-0a1b2c3d4e5f60718'],
  loggingLevel: 'ERROR',
  metricsEnabled: false,
  deploymentId: 'dep123',
};

const unknown: CommandTarget = { region: 'eu-west-1', apiId: 'a1b2c3d4e5', stage: null, vpceIds: [] };

/**
 * The words bash makes of a command line, run in a directory holding files a glob could match, with `failglob`
 * on: an unquoted pattern that matches nothing fails, as zsh's "no matches found" does.
 */
function shellWords(line: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'quote-'));
  for (const name of ['op=replace,path=x', 'prod', 'value=OFF']) writeFileSync(join(dir, name), '');
  const out = execFileSync('bash', ['-c', `shopt -s failglob; aws() { printf '%s\\0' "$@"; }; ${line}`], {
    cwd: dir,
    encoding: 'utf8',
  });
  return out.split('\0').slice(0, -1);
}

describe('fixCommands', () => {
  it('turns logging on with metrics, and undoes to the level and metrics the stage had', () => {
    const commands = fixCommands('enable-logging', known);

    expect(commands.run).toEqual([
      "aws apigateway update-stage --region eu-west-1 --rest-api-id a1b2c3d4e5 --stage-name prod --patch-operations 'op=replace,path=/*/*/logging/loglevel,value=INFO' 'op=replace,path=/*/*/metrics/enabled,value=true'",
    ]);
    expect(commands.undo).toEqual([
      "aws apigateway update-stage --region eu-west-1 --rest-api-id a1b2c3d4e5 --stage-name prod --patch-operations 'op=replace,path=/*/*/logging/loglevel,value=ERROR' 'op=replace,path=/*/*/metrics/enabled,value=false'",
    ]);
    expect(commands.substitute).toEqual([]);
  });

  it('sets the CloudWatch Logs role first when the region has none, naming what to substitute', () => {
    const commands = fixCommands('enable-logging', { ...known, cloudWatchRoleMissing: true });

    expect(commands.run[0]).toBe(
      "aws apigateway update-account --region eu-west-1 --patch-operations 'op=replace,path=/cloudwatchRoleArn,value=<role-arn>'",
    );
    expect(commands.run).toHaveLength(2);
    expect(commands.substitute.join()).toContain(
      'AmazonAPIGatewayPushToCloudWatchLogs policy for `<role-arn>`',
    );
  });

  it('says how to note the logging settings to restore when the report did not read them', () => {
    const commands = fixCommands('enable-logging', { ...known, loggingLevel: null, metricsEnabled: null });

    expect(commands.undo[0]).toContain(
      "'op=replace,path=/*/*/logging/loglevel,value=<logging-level>' 'op=replace,path=/*/*/metrics/enabled,value=<metrics-enabled>'",
    );
    expect(commands.substitute.join()).toContain(
      '`aws apigateway get-stage --region eu-west-1 --rest-api-id a1b2c3d4e5 --stage-name prod --query \'methodSettings."*/*".[loggingLevel,metricsEnabled]\' --output text`',
    );
  });

  it('turns private DNS on and off for the one endpoint', () => {
    const commands = fixCommands('enable-private-dns', known);

    expect(commands.run).toEqual([
      'aws ec2 modify-vpc-endpoint --region eu-west-1 --vpc-endpoint-id vpce-0a1b2c3d4e5f60718 --private-dns-enabled',
    ]);
    expect(commands.undo).toEqual([
      'aws ec2 modify-vpc-endpoint --region eu-west-1 --vpc-endpoint-id vpce-0a1b2c3d4e5f60718 --no-private-dns-enabled',
    ]);
  });

  it('leaves the choice of endpoint to the user when several could take private DNS', () => {
    const commands = fixCommands('enable-private-dns', { ...known, vpceIds: ['vpce-a', 'vpce-b'] });

    expect(commands.run[0]).toContain("--vpc-endpoint-id '<vpce-id>'");
    expect(commands.substitute).toEqual([
      'one of vpce-a, vpce-b for `<vpce-id>` (one execute-api endpoint per VPC can have private DNS on)',
    ]);
  });

  it('redeploys the stage and rolls back to the deployment it served', () => {
    const commands = fixCommands('redeploy-stage', known);

    expect(commands.run).toEqual([
      "aws apigateway create-deployment --region eu-west-1 --rest-api-id a1b2c3d4e5 --stage-name prod --description 'apigw-diagnose redeploy'",
    ]);
    expect(commands.undo).toEqual([
      'aws apigateway update-stage --region eu-west-1 --rest-api-id a1b2c3d4e5 --stage-name prod --patch-operations op=replace,path=/deploymentId,value=dep123',
    ]);
  });

  it('says how to find the deployment to roll back to when it is unknown, and which stage to name', () => {
    const commands = fixCommands('redeploy-stage', unknown);

    expect(commands.undo[0]).toContain("'op=replace,path=/deploymentId,value=<deployment-id>'");
    expect(commands.substitute).toEqual([
      'the stage to change for `<stage-name>`',
      "the deployment the stage serves now for `<deployment-id>`, noted before the redeploy with `aws apigateway get-stage --region eu-west-1 --rest-api-id a1b2c3d4e5 --stage-name '<stage-name>' --query deploymentId --output text`",
    ]);
  });

  it.each(FIX_IDS)('gives %s commands whose every placeholder is named in what to substitute', (fix) => {
    for (const target of [known, unknown, { ...known, vpceIds: ['vpce-a', 'vpce-b'] }]) {
      const commands = fixCommands(fix, { ...target, cloudWatchRoleMissing: true });
      const placeholders = [...commands.run, ...commands.undo].join(' ').match(/<[a-z-]+>/g) ?? [];
      for (const placeholder of placeholders) {
        expect(commands.substitute.join(' ')).toContain(`\`${placeholder}\``);
      }
    }
  });

  it.each(FIX_IDS)(
    'gives %s commands a shell passes to aws word for word, globs and placeholders included',
    (fix) => {
      for (const target of [known, unknown]) {
        const commands = fixCommands(fix, { ...target, cloudWatchRoleMissing: true });
        for (const line of [...commands.run, ...commands.undo]) {
          const words = shellWords(line);
          expect(words.length).toBeGreaterThan(3);
          expect(commandLine(['aws', ...words])).toBe(line);
        }
      }
    },
  );
});

describe('shellQuote', () => {
  it('leaves plain words alone and single-quotes anything a shell would expand', () => {
    expect(shellQuote('vpce-0a1b')).toBe('vpce-0a1b');
    expect(shellQuote('path=/*/*/x')).toBe("'path=/*/*/x'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('=cmd')).toBe("'=cmd'");
    expect(shellWords(`aws ${shellQuote("a'b $HOME ~ {x,y} !x")}`)).toEqual(["a'b $HOME ~ {x,y} !x"]);
  });
});
