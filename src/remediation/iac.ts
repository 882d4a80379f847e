// What a fix on a resource managed by infrastructure as code must say: the change drifts from the template, what
// reverts it, and the template change that makes it permanent — the CloudFormation/SAM property, the CDK
// construct property and the Terraform argument for that fix. Who manages the resource comes from its tags
// (diagnosis/model/ownership.ts); CDK and SAM deploy CloudFormation stacks, so a stack owner gets both the
// CloudFormation and the CDK form, a Terraform owner the Terraform argument.

import type { StageInfo } from '../diagnosis/facts.js';
import { type Ownership, ownershipFromTags, ownerWords, type Tags } from '../diagnosis/model/ownership.js';
import { RemediationCallError, type RemediationReader } from './ports.js';
import type { FixId } from './registry.js';
import type { Risk } from './risks.js';

/** The template change that makes one fix permanent, per tool. */
export interface PermanentChange {
  /** CloudFormation (and SAM, whose AWS::Serverless::Api takes the same property). */
  cloudformation: string;
  cdk: string;
  terraform: string;
  /** The fewest words that still name the property, per kind of owner (for Slack's small confirm dialog). */
  shortStack: string;
  shortTerraform: string;
}

const PERMANENT: Record<FixId, PermanentChange> = {
  'enable-logging': {
    cloudformation:
      'AWS::ApiGateway::Stage (or AWS::Serverless::Api) MethodSettings: ' +
      '[{ResourcePath: "/*", HttpMethod: "*", LoggingLevel: INFO, MetricsEnabled: true}]',
    cdk: 'apigateway.RestApi deployOptions: {loggingLevel: apigateway.MethodLoggingLevel.INFO, metricsEnabled: true}',
    terraform:
      'aws_api_gateway_method_settings with method_path = "*/*" and settings { logging_level = "INFO", metrics_enabled = true }',
    shortStack: 'MethodSettings LoggingLevel INFO, MetricsEnabled true',
    shortTerraform: 'method_settings logging_level "INFO", metrics_enabled',
  },
  'enable-private-dns': {
    cloudformation: 'AWS::EC2::VPCEndpoint PrivateDnsEnabled: true',
    cdk: 'ec2.InterfaceVpcEndpoint privateDnsEnabled: true',
    terraform: 'aws_vpc_endpoint private_dns_enabled = true',
    shortStack: 'VPCEndpoint PrivateDnsEnabled: true',
    shortTerraform: 'aws_vpc_endpoint private_dns_enabled = true',
  },
  'redeploy-stage': {
    cloudformation:
      'a new AWS::ApiGateway::Deployment: give the Deployment resource a new logical id (or change its ' +
      'Description) so the stack creates one and the Stage DeploymentId points at it',
    cdk: 'apigateway.RestApi with deploy: true, and api.latestDeployment.addToLogicalId(<what changed>) so a change makes a new deployment',
    terraform:
      'aws_api_gateway_deployment triggers = { redeployment = sha1(jsonencode(<the policy and resources>)) } with lifecycle { create_before_destroy = true }',
    shortStack: 'a new AWS::ApiGateway::Deployment (new logical id)',
    shortTerraform: 'aws_api_gateway_deployment triggers',
  },
  // SAM's own form is Auth.ResourcePolicy.IntrinsicVpceWhitelist (sam-property-api-resourcepolicystatement); a
  // policy written out (AWS::ApiGateway::RestApi Policy) takes the same edit the button made.
  'allow-endpoint-in-policy': {
    cloudformation:
      'AWS::ApiGateway::RestApi Policy: the same aws:SourceVpce edit (SAM: Auth.ResourcePolicy.IntrinsicVpceWhitelist), ' +
      'plus a new Deployment so the stage serves it',
    cdk: 'apigateway.RestApi policy: the iam.PolicyDocument with the endpoint in its aws:SourceVpce condition',
    terraform:
      'aws_api_gateway_rest_api_policy (or aws_api_gateway_rest_api) policy with the endpoint in its aws:SourceVpce ' +
      'condition, and aws_api_gateway_deployment triggers that include the policy',
    shortStack: 'the RestApi Policy',
    shortTerraform: 'the rest_api_policy',
  },
};

export function permanentChange(fix: FixId): PermanentChange {
  return PERMANENT[fix];
}

/** What reverts a change made outside the template. */
export function whatReverts(owner: Ownership): string {
  return owner.tool === 'cloudformation'
    ? `the next update of stack ${owner.stackName} that touches it puts the template's value back (drift detection reports it meanwhile)`
    : 'the next `terraform apply` puts the configuration back (`terraform plan` shows it meanwhile)';
}

/** The template change, in the forms that apply to this owner. */
export function permanentWords(fix: FixId, owner: Ownership): string {
  const change = PERMANENT[fix];
  return owner.tool === 'cloudformation'
    ? `CloudFormation/SAM: ${change.cloudformation}; CDK: ${change.cdk}`
    : `Terraform: ${change.terraform}`;
}

/** The whole sentence: who manages the resource, that the change drifts, what reverts it, how to keep it. */
export function driftSentence(fix: FixId, owner: Ownership, resource: string): string {
  return (
    `${resource} is managed by ${ownerWords(owner)}: this change drifts from it and ${whatReverts(owner)}. ` +
    `Make it permanent in the template: ${permanentWords(fix, owner)}.`
  );
}

/** The shortest form for a small dialog. */
export function driftShort(fix: FixId, owner: Ownership): string {
  const change = PERMANENT[fix];
  return owner.tool === 'cloudformation'
    ? `Drifts from stack ${owner.stackName}; keep it: ${change.shortStack}.`
    : `Drifts from Terraform (tag guess); keep it: ${change.shortTerraform}.`;
}

/** The medium form: who, that it drifts, and the property for the owner's main tool. */
export function driftMedium(fix: FixId, owner: Ownership): string {
  const change = PERMANENT[fix];
  return owner.tool === 'cloudformation'
    ? `Managed by stack ${owner.stackName}: drifts, a stack update reverts it. Keep it: ${change.cloudformation}.`
    : `Managed by Terraform (by tag ${owner.evidence}): drifts, terraform apply reverts it. Keep it: ${change.terraform}.`;
}

/** The drift risk of a plan, when the tags say who manages the resource; none when they do not. */
export function driftRisks(fix: FixId, tags: Tags | undefined, resource: string): Risk[] {
  const owner = ownershipFromTags(tags);
  return owner ? [{ kind: 'iac-drift', fix, owner, resource }] : [];
}

/** For an applied result on a managed resource: the audit line records that the drift was accepted. */
export function driftAccepted(
  fix: FixId,
  tags: Tags | undefined,
  resource: string,
): { driftAccepted?: string } {
  const owner = ownershipFromTags(tags);
  return owner ? { driftAccepted: driftSentence(fix, owner, resource) } : {};
}

/**
 * The tags that tell who manages a stage: its own, else the API's (one GetRestApi) — a stage that a
 * CloudFormation Deployment's StageName created carries no tags, and belongs to the API's stack.
 */
export async function stageOwnerTags(
  reader: RemediationReader,
  apiId: string,
  stage: StageInfo,
): Promise<{ ok: true; tags: Tags | undefined } | { ok: false; message: string }> {
  if (ownershipFromTags(stage.tags)) return { ok: true, tags: stage.tags };
  try {
    return { ok: true, tags: await reader.getRestApiTags(apiId) };
  } catch (error) {
    if (error instanceof RemediationCallError) return { ok: false, message: error.message };
    throw error;
  }
}

/** The plan's risks about a stage's owner: the drift, or that the owner could not be told. */
export async function stageDriftRisks(
  fix: FixId,
  reader: RemediationReader,
  apiId: string,
  stage: StageInfo,
): Promise<Risk[]> {
  const owner = await stageOwnerTags(reader, apiId, stage);
  if (!owner.ok) {
    return [
      {
        kind: 'could-not-read',
        what: "read the API's tags",
        message: owner.message,
        consequence:
          'whether a CloudFormation stack or Terraform manages it (and would revert this) is unknown.',
      },
    ];
  }
  return driftRisks(fix, owner.tags, `Stage ${stage.stageName}`);
}

/** An applied stage fix's drift record; an owner that could not be read is left out, the change is made. */
export async function stageDriftAccepted(
  fix: FixId,
  reader: RemediationReader,
  apiId: string,
  stage: StageInfo,
): Promise<{ driftAccepted?: string }> {
  const owner = await stageOwnerTags(reader, apiId, stage);
  return owner.ok ? driftAccepted(fix, owner.tags, `Stage ${stage.stageName}`) : {};
}
