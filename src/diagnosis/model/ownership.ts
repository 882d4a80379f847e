// Who manages a resource, read from the tags the diagnosis already has (GetRestApi, GetStage/GetStages and
// DescribeVpcEndpoints return them). CloudFormation stamps the resources of a stack with reserved
// `aws:cloudformation:*` tags (CDK and SAM deploy CloudFormation stacks, so theirs carry the same tags); where
// the resource type propagates them, the answer is certain. Terraform writes no tag of its own: only the
// tagging conventions teams follow (`ManagedBy = terraform`, a `terraform` tag, `tf:*` keys) point to it, so that
// answer is a guess and says so.

/** Tags as the AWS APIs return them, key → value. */
export type Tags = Readonly<Record<string, string>>;

export type Ownership =
  | {
      tool: 'cloudformation';
      stackName: string;
      /** The resource's logical id in the template, when tagged. */
      logicalId: string | null;
      stackId: string | null;
    }
  | {
      tool: 'terraform';
      /** The tag that suggests it, as `key=value`: a convention, never proof. */
      evidence: string;
      /** The module or workspace a convention tag names, when one does. */
      module: string | null;
    };

export const CFN_STACK_NAME = 'aws:cloudformation:stack-name';
export const CFN_LOGICAL_ID = 'aws:cloudformation:logical-id';
export const CFN_STACK_ID = 'aws:cloudformation:stack-id';

/** Tag keys whose value names the tool that manages the resource (a convention of teams, not of AWS). */
const MANAGED_BY_KEYS = ['managedby', 'managed-by', 'managed_by', 'provisioner', 'provisionedby', 'iac'];
/** Tag keys whose value names a Terraform module or workspace. */
const MODULE_KEYS = [
  'tf:module',
  'terraform:module',
  'terraform_module',
  'tf_module',
  'tf:workspace',
  'terraform:workspace',
];

/** Who manages a resource with these tags, or null when no tag says (which does not mean nobody does). */
export function ownershipFromTags(tags: Tags | undefined): Ownership | null {
  if (!tags) return null;
  const stackName = tags[CFN_STACK_NAME];
  if (stackName) {
    return {
      tool: 'cloudformation',
      stackName,
      logicalId: tags[CFN_LOGICAL_ID] || null,
      stackId: tags[CFN_STACK_ID] || null,
    };
  }
  const entries = Object.entries(tags);
  const lower = (text: string) => text.trim().toLowerCase();
  const named = entries.find(
    ([key, value]) => MANAGED_BY_KEYS.includes(lower(key)) && lower(value).includes('terraform'),
  );
  const terraformKey = entries.find(
    ([key]) =>
      lower(key) === 'terraform' || lower(key).startsWith('tf:') || lower(key).startsWith('terraform:'),
  );
  const found = named ?? terraformKey;
  if (!found) return null;
  const module = entries.find(([key]) => MODULE_KEYS.includes(lower(key)))?.[1] || null;
  return { tool: 'terraform', evidence: `${found[0]}=${found[1]}`, module };
}

/** "CloudFormation stack payments-api (logical id ApiStage)", "Terraform (by convention: tag ManagedBy=terraform)". */
export function ownerWords(owner: Ownership): string {
  if (owner.tool === 'cloudformation') {
    return `CloudFormation stack ${owner.stackName}${owner.logicalId ? ` (logical id ${owner.logicalId})` : ''}`;
  }
  return `Terraform${owner.module ? ` module ${owner.module}` : ''} (a guess from the tag ${owner.evidence}, a convention, not proof)`;
}
