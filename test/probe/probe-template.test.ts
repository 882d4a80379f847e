import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, type Tags } from 'yaml';

// CloudFormation's short-form intrinsics, read as plain values so the structure can be inspected.
const cfnTags: Tags = ['!Ref', '!Sub', '!GetAtt'].map((tag) => ({
  tag,
  resolve: (value: string) => ({ [tag]: value }),
}));

const template = parse(readFileSync(new URL('../../infra/probe-template.yaml', import.meta.url), 'utf8'), {
  customTags: cfnTags,
});

describe('infra/probe-template.yaml', () => {
  it('gives the execution role only the VPC-access managed policy', () => {
    // Assess
    const role = template.Resources.ProbeExecutionRole.Properties;
    expect(role.ManagedPolicyArns).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax, not a JS template
      { '!Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole' },
    ]);
    expect(role.Policies).toBeUndefined();
  });

  it('names the function after the VPC and puts it in the given subnets and security groups', () => {
    // Assess
    const fn = template.Resources.ProbeFunction.Properties;
    expect(fn).toMatchObject({
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation !Sub syntax, not a JS template
      FunctionName: { '!Sub': 'apigw-diagnose-probe-${VpcId}' },
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      MemorySize: 128,
      Timeout: 15,
      VpcConfig: { SubnetIds: { '!Ref': 'SubnetIds' }, SecurityGroupIds: { '!Ref': 'SecurityGroupIds' } },
      Code: { S3Bucket: { '!Ref': 'CodeS3Bucket' }, S3Key: { '!Ref': 'CodeS3Key' } },
    });
    expect(Object.keys(template.Parameters)).toEqual([
      'VpcId',
      'SubnetIds',
      'SecurityGroupIds',
      'CodeS3Bucket',
      'CodeS3Key',
    ]);
  });
});
