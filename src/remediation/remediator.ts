// The three fixes of spec §5 as orchestration over the reader/writer ports: re-read state, run the pre-checks,
// make one change. AWS failures come back as values (`aws-error`), never as exceptions, because the Slack
// adapter renders every outcome to the user; a bug (anything that is not a RemediationCallError) still throws.

import type { StageInfo, VpcEndpointInfo } from '../diagnosis/facts.js';
import { executeApiDomain, privateDnsHostname } from '../diagnosis/model/endpoints.js';
import {
  RemediationCallError,
  type RemediationPorts,
  type RemediationReader,
  type RemediationWriter,
  type RestApiListing,
  type V2ApiSummary,
} from './ports.js';
import type { Actor, FixId, FixPlan, FixResult, FixTarget, Remediator } from './types.js';

/** How many public APIs a confirm dialog names before "and N more" (Slack dialogs are small). */
const PUBLIC_APIS_SHOWN = 5;

/** Endpoint states in which an endpoint still owns its private-DNS names (and so conflicts). */
const GONE_ENDPOINT_STATES = new Set(['deleted', 'deleting', 'rejected', 'failed', 'expired']);

/** The result of a pre-check: carry on with a value, stop because the fix is already in place, or refuse. */
type Gate<T> = { go: true; value: T } | { go: false; result: FixResult };

export function createRemediatorWithPorts(ports: RemediationPorts): Remediator {
  return {
    async plan(fix: FixId, target: FixTarget): Promise<FixPlan> {
      const reader = ports.reader(target.region);
      switch (fix) {
        case 'enable-logging':
          return planEnableLogging(reader, target);
        case 'enable-private-dns':
          return planEnablePrivateDns(reader, target);
        case 'redeploy-stage':
          return planRedeployStage(reader, target);
        default:
          throw new Error(`unknown fix ${String(fix)}`);
      }
    },

    async apply(fix: FixId, target: FixTarget, actor: Actor): Promise<FixResult> {
      const reader = ports.reader(target.region);
      // The writer is made lazily: assuming the remediation role is pointless when a pre-check refuses.
      const writer = () => ports.writer(target.region, actor);
      try {
        switch (fix) {
          case 'enable-logging':
            return await applyEnableLogging(reader, writer, target);
          case 'enable-private-dns':
            return await applyEnablePrivateDns(reader, writer, target);
          case 'redeploy-stage':
            return await applyRedeployStage(reader, writer, target, actor);
          default:
            return { outcome: 'precheck-failed', fix, reason: `Unknown fix "${String(fix)}".` };
        }
      } catch (error) {
        if (error instanceof RemediationCallError) {
          return { outcome: 'aws-error', fix, message: error.message, requestId: error.requestId };
        }
        throw error;
      }
    },
  };
}

// ---- enable-logging ------------------------------------------------------------------------------------

async function applyEnableLogging(
  reader: RemediationReader,
  writer: () => RemediationWriter,
  target: FixTarget,
): Promise<FixResult> {
  const fix = 'enable-logging';
  const stageGate = await readStage(reader, fix, target);
  if (!stageGate.go) return stageGate.result;
  const stage = stageGate.value;
  const account = await reader.getAccount();
  if (!account.cloudwatchRoleArn) {
    return { outcome: 'precheck-failed', fix, reason: cloudWatchRoleMissing(target.region) };
  }
  if (stage.loggingLevel === 'INFO') {
    return {
      outcome: 'already-done',
      fix,
      summary: `Stage ${stage.stageName} of API ${target.apiId} already logs at INFO.`,
    };
  }
  const receipt = await writer().enableExecutionLogging(target.apiId, stage.stageName);
  return {
    outcome: 'applied',
    fix,
    requestId: receipt.requestId,
    summary:
      `Stage ${stage.stageName} of API ${target.apiId} now logs at INFO with metrics on ` +
      `(was ${stage.loggingLevel}); logs go to ${executionLogGroup(target.apiId, stage.stageName)}.`,
    undo:
      `aws apigateway update-stage --region ${target.region} --rest-api-id ${target.apiId} ` +
      `--stage-name ${stage.stageName} --patch-operations ` +
      `op=replace,path=/*/*/logging/loglevel,value=${stage.loggingLevel} ` +
      `op=replace,path=/*/*/metrics/enabled,value=${stage.metricsEnabled}`,
  };
}

async function planEnableLogging(reader: RemediationReader, target: FixTarget): Promise<FixPlan> {
  const fix = 'enable-logging';
  const stageName = target.stage ?? '(no stage given)';
  const risks: string[] = [];
  const [account, stage] = await Promise.all([
    attempt(() => reader.getAccount()),
    target.stage ? attempt(() => reader.getStage(target.apiId, stageName)) : null,
  ]);
  if (!target.stage) risks.push('Will be refused: no stage was given.');
  if (account.ok && !account.value.cloudwatchRoleArn) {
    risks.push(`Will be refused: ${cloudWatchRoleMissing(target.region)}`);
  }
  if (!account.ok) risks.push(`Could not check the account's CloudWatch Logs role: ${account.message}`);
  if (stage && !stage.ok) risks.push(`Could not read the stage: ${stage.message}`);
  if (stage?.ok && stage.value.loggingLevel === 'INFO') {
    risks.push('The stage already logs at INFO: nothing will change.');
  }
  risks.push(
    `CloudWatch Logs charges for every execution log line stored in ${executionLogGroup(target.apiId, stageName)}` +
      ' (ingestion and storage); busy stages write a lot at INFO.',
  );
  risks.push('No redeploy is needed: stage settings take effect without a new deployment.');
  if (stage?.ok && stage.value.dataTraceEnabled) {
    risks.push(
      'Full request/response logging (dataTrace) is already on and stays on: bodies may hold sensitive data.',
    );
  }
  return { fix, change: `Stage ${stageName} of API ${target.apiId} logs at INFO, metrics on.`, risks };
}

function cloudWatchRoleMissing(region: string): string {
  return (
    `API Gateway in ${region} has no CloudWatch Logs role (account setting cloudWatchRoleArn), so it cannot ` +
    'write execution logs and the change would be rejected. It is set once per region: create an IAM role ' +
    'trusted by apigateway.amazonaws.com with the AmazonAPIGatewayPushToCloudWatchLogs policy, then run ' +
    `\`aws apigateway update-account --region ${region} --patch-operations ` +
    'op=replace,path=/cloudwatchRoleArn,value=<role-arn>`, and try again.'
  );
}

function executionLogGroup(apiId: string, stageName: string): string {
  return `API-Gateway-Execution-Logs_${apiId}/${stageName}`;
}

// ---- enable-private-dns --------------------------------------------------------------------------------

async function applyEnablePrivateDns(
  reader: RemediationReader,
  writer: () => RemediationWriter,
  target: FixTarget,
): Promise<FixResult> {
  const fix = 'enable-private-dns';
  const gate = await privateDnsPrechecks(reader, target);
  if (!gate.go) return gate.result;
  const endpoint = gate.value;
  const receipt = await writer().enablePrivateDns(endpoint.id);
  return {
    outcome: 'applied',
    fix,
    requestId: receipt.requestId,
    summary:
      `Private DNS is now on for ${endpoint.id} in ${endpoint.vpcId}: from that VPC, ` +
      `${privateDnsHostname(target.apiId, target.region)} resolves to the endpoint ` +
      '(DNS can take a few minutes to follow).',
    undo: `aws ec2 modify-vpc-endpoint --region ${target.region} --vpc-endpoint-id ${endpoint.id} --no-private-dns-enabled`,
  };
}

async function planEnablePrivateDns(reader: RemediationReader, target: FixTarget): Promise<FixPlan> {
  const fix = 'enable-private-dns';
  const risks: string[] = [];
  const [gate, restApis, v2Apis] = await Promise.all([
    attempt(() => privateDnsPrechecks(reader, target)),
    attempt(() => reader.getRestApis()),
    attempt(() => reader.getV2Apis()),
  ]);
  let vpcText = 'its VPC';
  if (!gate.ok) {
    risks.push(`Could not run the pre-checks: ${gate.message}`);
  } else if (gate.value.go) {
    vpcText = gate.value.value.vpcId;
  } else {
    const result = gate.value.result;
    if (result.outcome === 'already-done') risks.push(`Nothing will change: ${result.summary}`);
    if (result.outcome === 'precheck-failed') risks.push(`Will be refused: ${result.reason}`);
  }
  risks.push(...shadowedApiRisks(target.region, restApis, v2Apis));
  const vpce = target.vpceId ?? '(no endpoint given)';
  return {
    fix,
    change:
      `Turn on private DNS for VPC endpoint ${vpce}, so that ${privateDnsHostname(target.apiId, target.region)} ` +
      `resolves to the endpoint inside ${vpcText}.`,
    risks,
  };
}

/**
 * The public APIs this VPC stops reaching (A5): private DNS makes every `{id}.execute-api.{region}` default
 * hostname resolve to the endpoint, which answers 403 for REGIONAL/EDGE REST APIs and for HTTP/WebSocket APIs.
 * An API whose default endpoint is disabled has no such hostname, so it is not affected. A list that could not
 * be read is named, never left out: a silent gap would read as "nothing breaks".
 */
function shadowedApiRisks(
  region: string,
  restApis: Attempted<RestApiListing[]>,
  v2Apis: Attempted<V2ApiSummary[]>,
): string[] {
  const shadowed = `*.${executeApiDomain(region)}`;
  const risks: string[] = [];
  const exposed: string[] = [];
  const listedKinds: string[] = [];
  if (restApis.ok) {
    listedKinds.push('public (REGIONAL/EDGE) REST API');
    exposed.push(
      ...restApis.value
        .filter((api) => api.endpointTypes.some((type) => type === 'REGIONAL' || type === 'EDGE'))
        .filter((api) => !api.disableExecuteApiEndpoint)
        .map((api) => `${api.name} (REST API ${api.id})`),
    );
  } else {
    risks.push(
      `Could not list the REST APIs in ${region} (${restApis.message}); any public (REGIONAL/EDGE) REST API ` +
        `called from this VPC would answer 403 once ${shadowed} points at the endpoint.`,
    );
  }
  if (v2Apis.ok) {
    listedKinds.push('HTTP API', 'WebSocket API');
    exposed.push(
      ...v2Apis.value
        .filter((api) => !api.disableExecuteApiEndpoint)
        .map(
          (api) => `${api.name} (${api.protocolType === 'WEBSOCKET' ? 'WebSocket' : 'HTTP'} API ${api.id})`,
        ),
    );
  } else {
    risks.push(
      `Could not list the HTTP/WebSocket APIs in ${region} (${v2Apis.message}); any of them called from this ` +
        `VPC on its default hostname would answer 403 once ${shadowed} points at the endpoint.`,
    );
  }
  if (exposed.length > 0) {
    const named = exposed.slice(0, PUBLIC_APIS_SHOWN);
    const more = exposed.length - named.length;
    risks.push(
      `This VPC will no longer reach these public APIs in ${region} (403): ${named.join(', ')}` +
        (more > 0 ? ` and ${more} more.` : '.'),
    );
  } else if (listedKinds.length > 0) {
    risks.push(`No ${orList(listedKinds)} of this account is in ${region} with its default endpoint on.`);
  }
  risks.push(
    `Public APIs of other accounts are shadowed the same way: every ${shadowed} name resolves to the endpoint from this VPC.`,
  );
  return risks;
}

/** "a", "a or b", "a, b or c". */
function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** Everything that must hold before ModifyVpcEndpoint; the endpoint when it does. */
async function privateDnsPrechecks(
  reader: RemediationReader,
  target: FixTarget,
): Promise<Gate<VpcEndpointInfo>> {
  const fix = 'enable-private-dns';
  const refuse = (reason: string): Gate<VpcEndpointInfo> => ({
    go: false,
    result: { outcome: 'precheck-failed', fix, reason },
  });
  if (!target.vpceId) return refuse('No VPC endpoint was given: re-run the diagnosis with --vpce vpce-….');
  const endpoint = await reader.getVpcEndpoint(target.vpceId);
  if (!endpoint) {
    return refuse(
      `VPC endpoint ${target.vpceId} does not exist in ${target.region} (deleted, or in another region).`,
    );
  }
  if (!endpoint.serviceName.endsWith('.execute-api')) {
    return refuse(
      `${endpoint.id} is an endpoint for ${endpoint.serviceName}, not for API Gateway (execute-api).`,
    );
  }
  if (endpoint.privateDnsEnabled) {
    return {
      go: false,
      result: { outcome: 'already-done', fix, summary: `Private DNS is already on for ${endpoint.id}.` },
    };
  }
  if (endpoint.state.toLowerCase() !== 'available') {
    return refuse(
      `${endpoint.id} is ${endpoint.state}, not available: wait until it is available, then try again.`,
    );
  }
  const [dnsSupport, dnsHostnames] = await Promise.all([
    reader.describeVpcAttribute(endpoint.vpcId, 'enableDnsSupport'),
    reader.describeVpcAttribute(endpoint.vpcId, 'enableDnsHostnames'),
  ]);
  const off = [...(dnsSupport ? [] : ['enableDnsSupport']), ...(dnsHostnames ? [] : ['enableDnsHostnames'])];
  if (off.length > 0) {
    // One attribute per modify-vpc-attribute call: EC2 rejects both at once.
    const commands = off.map(
      (attribute) =>
        `\`aws ec2 modify-vpc-attribute --region ${target.region} --vpc-id ${endpoint.vpcId} ` +
        `--${kebab(attribute)} '{"Value":true}'\``,
    );
    return refuse(
      `${off.join(' and ')} ${off.length > 1 ? 'are' : 'is'} false on ${endpoint.vpcId}; private DNS needs both ` +
        `true. Fix: ${commands.join(' then ')}.`,
    );
  }
  const conflicting = (await reader.listVpcEndpoints(endpoint.vpcId)).filter(
    (other) =>
      other.id !== endpoint.id &&
      other.serviceName === endpoint.serviceName &&
      other.privateDnsEnabled &&
      !GONE_ENDPOINT_STATES.has(other.state.toLowerCase()),
  );
  const first = conflicting[0];
  if (first) {
    return refuse(
      `${endpoint.vpcId} already has execute-api endpoint ${first.id} with private DNS on. AWS would refuse with ` +
        `"there is already a conflicting DNS domain for *.${executeApiDomain(target.region)} in the VPC". ` +
        `Point clients at ${first.id} (it already serves the private-DNS names), or turn its private DNS off first.`,
    );
  }
  return { go: true, value: endpoint };
}

function kebab(attribute: string): string {
  return attribute.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

// ---- redeploy-stage ------------------------------------------------------------------------------------

async function applyRedeployStage(
  reader: RemediationReader,
  writer: () => RemediationWriter,
  target: FixTarget,
  actor: Actor,
): Promise<FixResult> {
  const fix = 'redeploy-stage';
  const stageGate = await readStage(reader, fix, target);
  if (!stageGate.go) return stageGate.result;
  const previous = stageGate.value.deploymentId;
  const stageName = stageGate.value.stageName;
  const description = `apigw-diagnose redeploy by @${actor.userName || actor.userId}`;
  const receipt = await writer().createDeployment(target.apiId, stageName, description);
  const result: FixResult = {
    outcome: 'applied',
    fix,
    requestId: receipt.requestId,
    summary:
      `Stage ${stageName} of API ${target.apiId} now serves new deployment ${receipt.deploymentId ?? '(id not returned)'}` +
      (previous ? ` (was ${previous}).` : '.'),
  };
  if (previous) result.undo = rollbackCommand(target, stageName, previous);
  return result;
}

async function planRedeployStage(reader: RemediationReader, target: FixTarget): Promise<FixPlan> {
  const fix = 'redeploy-stage';
  const stageName = target.stage ?? '(no stage given)';
  const risks: string[] = [];
  const stage = target.stage ? await attempt(() => reader.getStage(target.apiId, stageName)) : null;
  const previous = stage?.ok ? stage.value.deploymentId : null;
  if (!target.stage) risks.push('Will be refused: no stage was given.');
  risks.push(
    `Every change made to API ${target.apiId} since ${previous ? `deployment ${previous}` : 'the current deployment'} ` +
      'ships, not only the resource policy: resources, methods, integrations and authorizers too.',
  );
  if (previous) {
    risks.push(`To roll back: ${rollbackCommand(target, stageName, previous)}`);
  } else if (stage && !stage.ok) {
    risks.push(`Could not read the stage (${stage.message}): the roll-back deployment id is unknown.`);
  }
  risks.push('API Gateway accepts one deployment every 5 seconds per account.');
  return {
    fix,
    change: `Create a new deployment of API ${target.apiId} and point stage ${stageName} at it.`,
    risks,
  };
}

function rollbackCommand(target: FixTarget, stageName: string, deploymentId: string): string {
  return (
    `aws apigateway update-stage --region ${target.region} --rest-api-id ${target.apiId} ` +
    `--stage-name ${stageName} --patch-operations op=replace,path=/deploymentId,value=${deploymentId}`
  );
}

// ---- shared --------------------------------------------------------------------------------------------

/** The target's stage, or a refusal when none was given or it does not exist. */
async function readStage(reader: RemediationReader, fix: FixId, target: FixTarget): Promise<Gate<StageInfo>> {
  if (!target.stage) {
    return {
      go: false,
      result: { outcome: 'precheck-failed', fix, reason: 'No stage was given: re-run with --stage.' },
    };
  }
  try {
    return { go: true, value: await reader.getStage(target.apiId, target.stage) };
  } catch (error) {
    if (error instanceof RemediationCallError && error.kind === 'not-found') {
      return { go: false, result: { outcome: 'precheck-failed', fix, reason: error.message } };
    }
    throw error;
  }
}

type Attempted<T> = { ok: true; value: T } | { ok: false; message: string };

/** Plans must render even when a read fails: the failure becomes a line in the dialog. */
async function attempt<T>(read: () => Promise<T>): Promise<Attempted<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (error instanceof RemediationCallError) return { ok: false, message: error.message };
    throw error;
  }
}
