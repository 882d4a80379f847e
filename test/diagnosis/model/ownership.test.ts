import { describe, expect, it } from 'vitest';
import { ownershipFromTags, ownerWords } from '../../../src/diagnosis/model/ownership.js';

describe('ownershipFromTags', () => {
  it('names the CloudFormation stack, logical id and stack id from the reserved aws:cloudformation tags', () => {
    const owner = ownershipFromTags({
      'aws:cloudformation:stack-name': 'orders-api',
      'aws:cloudformation:logical-id': 'ApiDeploymentStageprod1234ABCD',
      'aws:cloudformation:stack-id': 'arn:aws:cloudformation:us-east-1:123456789012:stack/orders-api/1',
      ManagedBy: 'terraform',
    });
    // The stack's own tags win over a convention tag: AWS wrote them, nobody can edit them.
    expect(owner).toEqual({
      tool: 'cloudformation',
      stackName: 'orders-api',
      logicalId: 'ApiDeploymentStageprod1234ABCD',
      stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/orders-api/1',
    });
    expect(ownerWords(owner ?? fail())).toBe(
      'CloudFormation stack orders-api (logical id ApiDeploymentStageprod1234ABCD)',
    );
  });

  it('keeps a stack without its logical id or stack id', () => {
    expect(ownershipFromTags({ 'aws:cloudformation:stack-name': 's' })).toEqual({
      tool: 'cloudformation',
      stackName: 's',
      logicalId: null,
      stackId: null,
    });
  });

  it.each([
    [{ ManagedBy: 'Terraform' }, 'ManagedBy=Terraform'],
    [{ 'managed-by': 'terraform-cloud' }, 'managed-by=terraform-cloud'],
    [{ terraform: 'true' }, 'terraform=true'],
    [{ 'tf:stack': 'network' }, 'tf:stack=network'],
    [{ Provisioner: 'terraform' }, 'Provisioner=terraform'],
  ])('guesses Terraform from the convention tag %o, and says it is a guess', (tags, evidence) => {
    const owner = ownershipFromTags(tags);
    expect(owner).toEqual({ tool: 'terraform', evidence, module: null });
    expect(ownerWords(owner ?? fail())).toMatch(/a guess from the tag .*a convention, not proof/);
  });

  it('names the Terraform module a convention tag gives', () => {
    expect(ownershipFromTags({ ManagedBy: 'terraform', 'tf:module': 'private-api' })).toMatchObject({
      tool: 'terraform',
      module: 'private-api',
    });
  });

  it.each([
    [undefined],
    [{}],
    [{ ManagedBy: 'pulumi' }],
    [{ Name: 'terraform-state-bucket-reader' }],
    [{ 'aws:cloudformation:stack-name': '' }],
  ])('says nothing for %o: no tag names a tool', (tags) => {
    expect(ownershipFromTags(tags)).toBeNull();
  });
});

function fail(): never {
  throw new Error('expected an owner');
}
