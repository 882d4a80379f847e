// moto set-up shared by the probe's Lambda tests: no-Docker Lambda, an execution role (moto insists the role
// exists before CreateFunction), a VPC with subnets and a security group, and canned probe answers.

import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { zipSync } from 'fflate';

const FAKE_IAM_AUTH =
  'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0';

async function post(url: string, body: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(url, { method: 'POST', body, headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${url} failed: HTTP ${response.status} ${text.slice(0, 300)}`);
  return text;
}

/** Lambda without Docker: invocations answer with the queued canned results instead of running code. */
export async function useLambdaWithoutDocker(motoUrl: string): Promise<void> {
  await post(`${motoUrl}/moto-api/config`, JSON.stringify({ lambda: { use_docker: false } }), {
    'content-type': 'application/json',
  });
}

/** Queues what the next invocations return, in order. */
export async function queueLambdaResults(motoUrl: string, results: string[]): Promise<void> {
  await post(`${motoUrl}/moto-api/static/lambda-simple/response`, JSON.stringify({ results }), {
    'content-type': 'application/json',
  });
}

/** IAM's query API over plain HTTP (there is no IAM SDK client in the project); returns the role ARN. */
export async function createRole(motoUrl: string, roleName: string): Promise<string> {
  const body = new URLSearchParams({
    Action: 'CreateRole',
    Version: '2010-05-08',
    RoleName: roleName,
    AssumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    }),
  });
  const xml = await post(`${motoUrl}/`, body.toString(), {
    authorization: FAKE_IAM_AUTH,
    'content-type': 'application/x-www-form-urlencoded',
  });
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(xml)?.[1];
  if (!arn) throw new Error(`CreateRole gave no ARN: ${xml.slice(0, 300)}`);
  return arn;
}

export interface MotoNetwork {
  vpcId: string;
  subnetIds: string[];
  securityGroupIds: string[];
}

export async function createNetwork(motoUrl: string): Promise<MotoNetwork> {
  const ec2 = new EC2Client({ region: 'us-east-1', endpoint: motoUrl, maxAttempts: 1 });
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
  const vpcId = vpc.Vpc?.VpcId ?? '';
  const subnets = await Promise.all(
    ['10.0.1.0/24', '10.0.2.0/24'].map((CidrBlock, i) =>
      ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock, AvailabilityZone: `us-east-1${'ab'[i]}` })),
    ),
  );
  const groups = await Promise.all(
    ['probe-a', 'probe-b'].map((GroupName) =>
      ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName, Description: GroupName })),
    ),
  );
  ec2.destroy();
  return {
    vpcId,
    subnetIds: subnets.map((s) => s.Subnet?.SubnetId ?? ''),
    securityGroupIds: groups.map((g) => g.GroupId ?? ''),
  };
}

/** Any valid zip will do: moto without Docker never runs the code. */
export function placeholderZip(): Uint8Array {
  return zipSync({ 'index.js': new TextEncoder().encode('exports.handler = async () => ({});\n') });
}
