// The AWS CLI commands that do what each fix button does, and undo it, with the real ids filled in, so a terminal
// user can make the same change as a Slack user. Pure: the fixes quote their undo from here, and the report
// quotes the whole set next to the findings that offer the fix (fix-commands.ts). Every command is one line
// that works pasted into bash or zsh: an argument with a character either shell would expand (`*` globs in
// zsh and bash, `<` redirects) is single-quoted.

import { POLICY_PATCH_JQ } from '../diagnosis/checks/policy-fix-text.js';
import type { FixId } from './types.js';

/** What a fix's commands act on. A null value is unknown: the command holds a placeholder the note names. */
export interface CommandTarget {
  region: string;
  apiId: string;
  stage: string | null;
  /** The endpoint(s) the fix could act on: exactly one fills the command, several leave a choice to the user. */
  vpceIds: readonly string[];
  /** The stage's current execution-logging level and metrics setting: what the undo of Enable logging restores. */
  loggingLevel?: string | null;
  metricsEnabled?: boolean | null;
  /** The deployment the stage serves now: what the undo of a redeploy points it back at. */
  deploymentId?: string | null;
  /** True when API Gateway has no CloudWatch Logs role in the region: Enable logging must set one first. */
  cloudWatchRoleMissing?: boolean;
}

export interface FixCommands {
  /** The command(s) that make the change, in order. */
  run: string[];
  /** The command(s) that undo it. */
  undo: string[];
  /** What to do before running: the placeholders to substitute, the value to note for the undo. */
  substitute: string[];
}

/** Characters neither bash nor zsh gives a meaning to inside a word. */
const SAFE_ARGUMENT = /^[A-Za-z0-9_./:,@%+=-]+$/;

/** The argument as one shell word: as it is when nothing in it is special to bash or zsh, else single-quoted. */
export function shellQuote(argument: string): string {
  if (SAFE_ARGUMENT.test(argument) && !argument.startsWith('=')) return argument;
  return `'${argument.replaceAll("'", `'\\''`)}'`;
}

/** One command line from its arguments, each quoted as it needs. */
export function commandLine(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}

const PLACEHOLDER = {
  loggingLevel: '<logging-level>',
  metricsEnabled: '<metrics-enabled>',
  roleArn: '<role-arn>',
  stage: '<stage-name>',
  vpceId: '<vpce-id>',
  deploymentId: '<deployment-id>',
} as const;

function patch(path: string, value: string): string {
  return `op=replace,path=${path},value=${value}`;
}

/** UpdateStage of the stage's `*\/*` logging level and metrics (what Enable logging changes, and its undo). */
export function stageLoggingCommand(
  target: Pick<CommandTarget, 'region' | 'apiId' | 'stage'>,
  loggingLevel: string,
  metricsEnabled: boolean | string,
): string {
  return commandLine([
    ...updateStage(target),
    patch('/*/*/logging/loglevel', loggingLevel),
    patch('/*/*/metrics/enabled', String(metricsEnabled)),
  ]);
}

/** UpdateAccount setting the role API Gateway writes execution logs with (once per account and region). */
export function cloudWatchRoleCommand(region: string, roleArn: string | null): string {
  return commandLine([
    'aws',
    'apigateway',
    'update-account',
    '--region',
    region,
    '--patch-operations',
    patch('/cloudwatchRoleArn', roleArn ?? PLACEHOLDER.roleArn),
  ]);
}

/** UpdateStage pointing the stage at a deployment (the roll-back of a redeploy). */
export function rollbackCommand(
  target: Pick<CommandTarget, 'region' | 'apiId' | 'stage'>,
  deploymentId: string | null,
): string {
  return commandLine([
    ...updateStage(target),
    patch('/deploymentId', deploymentId ?? PLACEHOLDER.deploymentId),
  ]);
}

/** ModifyVpcEndpoint turning private DNS on (or off, the undo). */
export function privateDnsCommand(region: string, vpceId: string | null, enabled: boolean): string {
  return commandLine([
    'aws',
    'ec2',
    'modify-vpc-endpoint',
    '--region',
    region,
    '--vpc-endpoint-id',
    vpceId ?? PLACEHOLDER.vpceId,
    enabled ? '--private-dns-enabled' : '--no-private-dns-enabled',
  ]);
}

function updateStage(target: Pick<CommandTarget, 'region' | 'apiId' | 'stage'>): string[] {
  return ['aws', 'apigateway', 'update-stage', ...stageArgs(target), '--patch-operations'];
}

function stageArgs(target: Pick<CommandTarget, 'region' | 'apiId' | 'stage'>): string[] {
  return [
    '--region',
    target.region,
    '--rest-api-id',
    target.apiId,
    '--stage-name',
    target.stage ?? PLACEHOLDER.stage,
  ];
}

/** UpdateRestApi with its patch read from a file (the AWS CLI reads `file://` for any parameter). */
function policyPatchCommand(target: CommandTarget, file: string): string {
  return commandLine([
    'aws',
    'apigateway',
    'update-rest-api',
    '--region',
    target.region,
    '--rest-api-id',
    target.apiId,
    '--patch-operations',
    `file://${file}`,
  ]);
}

function createDeploymentCommand(target: CommandTarget, description: string): string {
  return commandLine([
    'aws',
    'apigateway',
    'create-deployment',
    ...stageArgs(target),
    '--description',
    description,
  ]);
}

function stageSubstitute(target: CommandTarget): string[] {
  return target.stage ? [] : [`the stage to change for \`${PLACEHOLDER.stage}\``];
}

/** The commands that do what the fix's button does, and undo it. */
export function fixCommands(fix: FixId, target: CommandTarget): FixCommands {
  switch (fix) {
    case 'enable-logging': {
      const known = target.loggingLevel != null && target.metricsEnabled != null;
      const level = known ? String(target.loggingLevel) : PLACEHOLDER.loggingLevel;
      const metrics = known ? String(target.metricsEnabled) : PLACEHOLDER.metricsEnabled;
      const current = known
        ? []
        : [
            `the stage's current settings for \`${PLACEHOLDER.loggingLevel}\` and \`${PLACEHOLDER.metricsEnabled}\`, ` +
              `noted before the change with \`${commandLine([
                'aws',
                'apigateway',
                'get-stage',
                ...stageArgs(target),
                '--query',
                'methodSettings."*/*".[loggingLevel,metricsEnabled]',
                '--output',
                'text',
              ])}\` (OFF and false when it prints None)`,
          ];
      // The account's role stays: every API of the account and region shares it.
      const role = target.cloudWatchRoleMissing
        ? {
            run: [cloudWatchRoleCommand(target.region, null)],
            substitute: [
              'the ARN of a role trusted by apigateway.amazonaws.com with the AmazonAPIGatewayPushToCloudWatchLogs ' +
                `policy for \`${PLACEHOLDER.roleArn}\``,
            ],
          }
        : { run: [], substitute: [] };
      return {
        run: [...role.run, stageLoggingCommand(target, 'INFO', true)],
        undo: [stageLoggingCommand(target, level, metrics)],
        substitute: [...stageSubstitute(target), ...role.substitute, ...current],
      };
    }
    case 'enable-private-dns': {
      const only = target.vpceIds.length === 1 ? (target.vpceIds[0] ?? null) : null;
      const choice =
        only !== null
          ? []
          : target.vpceIds.length > 1
            ? [
                `one of ${target.vpceIds.join(', ')} for \`${PLACEHOLDER.vpceId}\` (one execute-api endpoint per VPC ` +
                  'can have private DNS on)',
              ]
            : [`the caller VPC's execute-api endpoint for \`${PLACEHOLDER.vpceId}\``];
      return {
        run: [privateDnsCommand(target.region, only, true)],
        undo: [privateDnsCommand(target.region, only, false)],
        substitute: choice,
      };
    }
    case 'redeploy-stage': {
      const known = target.deploymentId ?? null;
      const note = known
        ? []
        : [
            `the deployment the stage serves now for \`${PLACEHOLDER.deploymentId}\`, noted before the redeploy ` +
              `with \`${commandLine([
                'aws',
                'apigateway',
                'get-stage',
                ...stageArgs(target),
                '--query',
                'deploymentId',
                '--output',
                'text',
              ])}\``,
          ];
      return {
        run: [createDeploymentCommand(target, 'apigw-diagnose redeploy')],
        undo: [rollbackCommand(target, known)],
        substitute: [...stageSubstitute(target), ...note],
      };
    }
    case 'allow-endpoint-in-policy':
      // The edit itself depends on the policy: the finding's fix says which; these save it and make it live.
      return {
        run: [
          policyPatchCommand(target, 'patch.json'),
          createDeploymentCommand(target, 'apigw-diagnose allow endpoint'),
        ],
        undo: [
          policyPatchCommand(target, 'undo-patch.json'),
          createDeploymentCommand(target, 'apigw-diagnose undo allow endpoint'),
        ],
        substitute: [
          ...stageSubstitute(target),
          '`patch.json` and `undo-patch.json`: before the edit, save the policy as `before.json` (console: ' +
            'Resource policy, copy all) and the edited one as `policy.json`, then run ' +
            `\`${POLICY_PATCH_JQ} policy.json > patch.json\` and \`${POLICY_PATCH_JQ} before.json > undo-patch.json\``,
        ],
      };
  }
}
