// What each fix asks IAM for with the remediation role's credentials — the action, the resource ARN and the
// condition keys of each call — and requests of the same kind it must not be allowed. test/iam evaluates
// iam/remediation-policy.json (and the member-account template's copy) against both, with the project's own
// evaluator, so the policy is proven to let every fix work and to refuse the rest.
// Resource ARNs and keys: Service Authorization Reference, API Gateway Management
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapigatewaymanagement.html) and
// Amazon EC2 (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html). A REST
// API's tags are inherited by its children (stages, deployments, methods…) for attribute-based access control
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-tagging-supported-resources.html), so
// a request on a child of an opted-in API carries the opt-in tag too.

import {
  type ContextValue,
  type DecisionKind,
  evaluatePolicy,
  parsePolicy,
} from '../../src/diagnosis/policy/index.js';

export interface IamRequest {
  /** What the request is, in words (the assertion message). */
  why: string;
  action: string;
  resource: string;
  /** Every condition key the request carries that a statement here could test; any other is absent. */
  context: Record<string, ContextValue>;
}

export interface FixRequests {
  /** Every request the fix makes with the remediation role's credentials. */
  makes: IamRequest[];
  /** Requests of the same kind it must not be allowed. */
  refused: IamRequest[];
}

const REGION = 'eu-west-1';
const ACCOUNT = '111122223333';
/** An API that opted in to the resource-policy fix (tag apigw-diagnose:policy-fix=allowed), and one that did not. */
export const OPTED_IN_API = 'a1b2c3d4e5';
export const OTHER_API = 'z9y8x7w6v5';
export const OPT_IN_TAG = { 'aws:ResourceTag/apigw-diagnose:policy-fix': 'allowed' };

export const restApiArn = (apiId: string) => `arn:aws:apigateway:${REGION}::/restapis/${apiId}`;
const stageArn = (apiId: string) => `${restApiArn(apiId)}/stages/prod`;
const deploymentsArn = (apiId: string) => `${restApiArn(apiId)}/deployments`;
const endpointArn = (id: string) => `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-endpoint/${id}`;
/** The keys EC2 documents for ModifyVpcEndpoint on a vpc-endpoint, with this endpoint's values. */
const endpointKeys = { 'ec2:Region': REGION, 'ec2:VpceServiceRegion': REGION };

/** Keyed by fix id: a fix of the registry without a row fails test/iam/policies.test.ts. */
export const FIX_REQUESTS: Record<string, FixRequests> = {
  'enable-logging': {
    makes: [
      {
        why: 'UpdateStage of the stage',
        action: 'apigateway:PATCH',
        resource: stageArn(OTHER_API),
        context: {},
      },
    ],
    refused: [
      {
        why: 'a PATCH of an API itself (its policy, its endpoint type)',
        action: 'apigateway:PATCH',
        resource: restApiArn(OTHER_API),
        context: {},
      },
      {
        why: 'a PATCH of a method',
        action: 'apigateway:PATCH',
        resource: `${restApiArn(OTHER_API)}/resources/abc123/methods/GET`,
        context: {},
      },
      {
        why: "a PATCH of the account's settings (its CloudWatch role)",
        action: 'apigateway:PATCH',
        resource: `arn:aws:apigateway:${REGION}::/account`,
        context: {},
      },
      { why: 'deleting the stage', action: 'apigateway:DELETE', resource: stageArn(OTHER_API), context: {} },
    ],
  },
  'enable-private-dns': {
    makes: [
      {
        why: 'ModifyVpcEndpoint PrivateDnsEnabled=true on an execute-api endpoint',
        action: 'ec2:ModifyVpcEndpoint',
        resource: endpointArn('vpce-0a1b2c3d4e5f67890'),
        context: endpointKeys,
      },
    ],
    refused: [
      {
        why: 'deleting the endpoint',
        action: 'ec2:DeleteVpcEndpoints',
        resource: endpointArn('vpce-0a1b2c3d4e5f67890'),
        context: endpointKeys,
      },
      {
        why: "changing the VPC's DNS attributes",
        action: 'ec2:ModifyVpcAttribute',
        resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc/vpc-0a1b2c3d4e5f67890`,
        context: {},
      },
      {
        why: 'changing who may connect to an endpoint service',
        action: 'ec2:ModifyVpcEndpointServicePermissions',
        resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-endpoint-service/vpce-svc-0a1b2c3d4e5f67890`,
        context: {},
      },
    ],
  },
  'redeploy-stage': {
    makes: [
      {
        why: 'CreateDeployment for the stage',
        action: 'apigateway:POST',
        resource: deploymentsArn(OTHER_API),
        context: {},
      },
    ],
    refused: [
      {
        why: 'creating an API',
        action: 'apigateway:POST',
        resource: `arn:aws:apigateway:${REGION}::/restapis`,
        context: {},
      },
      {
        why: 'creating a stage',
        action: 'apigateway:POST',
        resource: `${restApiArn(OTHER_API)}/stages`,
        context: {},
      },
      {
        why: 'deleting a deployment',
        action: 'apigateway:DELETE',
        resource: `${deploymentsArn(OTHER_API)}/d1`,
        context: {},
      },
    ],
  },
  // UpdateRestApi `replace /policy` needs apigateway:PATCH and apigateway:UpdateRestApiPolicy on the API
  // (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-create-attach.html),
  // then CreateDeployment makes the policy live.
  'allow-endpoint-in-policy': {
    makes: [
      {
        why: 'UpdateRestApi replace /policy on an opted-in API (the PATCH)',
        action: 'apigateway:PATCH',
        resource: restApiArn(OPTED_IN_API),
        context: OPT_IN_TAG,
      },
      {
        why: 'UpdateRestApi replace /policy on an opted-in API (the resource-policy permission)',
        action: 'apigateway:UpdateRestApiPolicy',
        resource: restApiArn(OPTED_IN_API),
        context: OPT_IN_TAG,
      },
      {
        why: 'CreateDeployment that makes the policy live',
        action: 'apigateway:POST',
        resource: deploymentsArn(OPTED_IN_API),
        context: OPT_IN_TAG,
      },
    ],
    refused: [
      {
        why: 'a PATCH of an API without the opt-in tag',
        action: 'apigateway:PATCH',
        resource: restApiArn(OTHER_API),
        context: {},
      },
      {
        why: 'a resource-policy update of an API without the opt-in tag',
        action: 'apigateway:UpdateRestApiPolicy',
        resource: restApiArn(OTHER_API),
        context: {},
      },
      {
        why: 'a resource-policy update of an API whose tag says something else',
        action: 'apigateway:UpdateRestApiPolicy',
        resource: restApiArn(OTHER_API),
        context: { 'aws:ResourceTag/apigw-diagnose:policy-fix': 'denied' },
      },
      {
        why: 'a PATCH of a method of the opted-in API (it inherits the tag)',
        action: 'apigateway:PATCH',
        resource: `${restApiArn(OPTED_IN_API)}/resources/abc123/methods/GET`,
        context: OPT_IN_TAG,
      },
      {
        why: 'a PATCH of an integration of the opted-in API (it inherits the tag)',
        action: 'apigateway:PATCH',
        resource: `${restApiArn(OPTED_IN_API)}/resources/abc123/methods/GET/integration`,
        context: OPT_IN_TAG,
      },
      {
        why: 'tagging an API, which would opt it in (TagResource is PUT on /tags/<arn>)',
        action: 'apigateway:PUT',
        resource: `arn:aws:apigateway:${REGION}::/tags/${encodeURIComponent(restApiArn(OTHER_API))}`,
        context: {},
      },
    ],
  },
};

/**
 * Requests IAM cannot refuse with the keys AWS offers, kept here so docs/iam.md and the policy stay honest: EC2
 * documents no key on ModifyVpcEndpoint that names the endpoint's service or the attribute being changed
 * (ec2:VpceServiceName is a key of CreateVpcEndpoint and DeleteVpcEndpoints only).
 */
export const NOT_REFUSABLE: IamRequest[] = [
  {
    why: 'ModifyVpcEndpoint on an S3 gateway endpoint (its policy or route tables)',
    action: 'ec2:ModifyVpcEndpoint',
    resource: endpointArn('vpce-0fedcba9876543210'),
    context: endpointKeys,
  },
];

/** The remediation role's own session: an identity policy, whatever principal signs. */
const PRINCIPAL = `arn:aws:sts::${ACCOUNT}:assumed-role/apigw-diagnose-remediate/apigw-diagnose-U012ABCDEF`;

/** IAM's decision on one request under an identity policy (a policy document as an object). */
export function decide(policy: unknown, request: IamRequest): { decision: DecisionKind; sid: string | null } {
  const result = evaluatePolicy(parsePolicy(JSON.stringify(policy)), {
    action: request.action,
    resource: request.resource,
    principal: PRINCIPAL,
    context: request.context,
    contextIsComplete: true,
    apiContext: { region: REGION, accountId: ACCOUNT, apiId: OTHER_API },
  });
  return { decision: result.decision, sid: result.statement?.sid ?? null };
}
