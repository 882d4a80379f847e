// The probe commands' usage texts, apart from the commands themselves so that `apigw-diagnose probe` can print
// them without loading the AWS SDK.

import { PROBE_RUNTIME } from '../probe/runtime.js';

export const PROBE_DEPLOY_USAGE = `usage: apigw-diagnose probe deploy --vpc vpc-… --subnets subnet-a,subnet-b --security-groups sg-…[,sg-…]
                                  --role-arn arn:aws:iam::ACCOUNT:role/NAME [--region REGION]

Creates or updates the Lambda function apigw-diagnose-probe-<vpc-id> (${PROBE_RUNTIME}, 128 MB, 15 s) in the
given subnets and security groups: use the caller's own subnets and security groups so the probe sees what it
sees. An existing function is moved to ${PROBE_RUNTIME} if it runs on an older runtime.
--role-arn is an execution role with only the AWS managed policy AWSLambdaVPCAccessExecutionRole (the probe
needs no other permission). infra/probe-template.yaml creates the role and the function with CloudFormation.`;

/** `apigw-diagnose probe` without (or with an unknown) sub-command: deploy is the only one. */
export const PROBE_USAGE = `apigw-diagnose probe deploy: create or update the in-VPC probe for one VPC\n\n${PROBE_DEPLOY_USAGE}`;
