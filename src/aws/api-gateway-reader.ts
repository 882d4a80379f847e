import {
  type APIGatewayClient,
  GetAccountCommand,
  GetDeploymentCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetStagesCommand,
  type Resource,
} from '@aws-sdk/client-api-gateway';
import type {
  AccountInfo,
  ApiResourceInfo,
  ApiResources,
  DeploymentInfo,
  RestApiInfo,
  StageInfo,
} from '../diagnosis/facts.js';
import type { ApiGatewayReader } from '../diagnosis/ports.js';
import { isoOrNull, toStageInfo } from './api-gateway-mappers.js';
import { callAws } from './errors.js';

/** Every API Gateway read is authorised by the one IAM action `apigateway:GET` on the resource path. */
const READ_ACTION = 'apigateway:GET';
/** GetResources' largest page. It allows 5 requests per 2 s per account, so one page is all a diagnosis reads. */
const RESOURCES_PAGE = 500;

function toApiResource(resource: Resource): ApiResourceInfo {
  return {
    id: resource.id ?? '',
    path: resource.path ?? '',
    methods: Object.entries(resource.resourceMethods ?? {}).map(([verb, method]) => ({
      httpMethod: method.httpMethod ?? verb,
      // API Gateway omits nothing here with embed=methods; NONE is its default when a method has no authorizer.
      authorizationType: method.authorizationType ?? 'NONE',
    })),
  };
}

export class SdkApiGatewayReader implements ApiGatewayReader {
  constructor(private readonly client: APIGatewayClient) {}

  async getRestApi(apiId: string): Promise<RestApiInfo> {
    const api = await callAws('GetRestApi', READ_ACTION, () =>
      this.client.send(new GetRestApiCommand({ restApiId: apiId })),
    );
    return {
      id: api.id ?? apiId,
      name: api.name ?? '',
      endpointTypes: api.endpointConfiguration?.types ?? [],
      vpcEndpointIds: api.endpointConfiguration?.vpcEndpointIds ?? [],
      // Untouched: the policy checks decide how to unescape it, and evidence shows it as AWS returned it.
      policy: api.policy ?? null,
      createdDate: isoOrNull(api.createdDate),
    };
  }

  async getStages(apiId: string): Promise<StageInfo[]> {
    const out = await callAws('GetStages', READ_ACTION, () =>
      this.client.send(new GetStagesCommand({ restApiId: apiId })),
    );
    return (out.item ?? []).map(toStageInfo);
  }

  async getDeployment(apiId: string, deploymentId: string): Promise<DeploymentInfo> {
    const deployment = await callAws('GetDeployment', READ_ACTION, () =>
      this.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId })),
    );
    return {
      id: deployment.id ?? deploymentId,
      createdDate: isoOrNull(deployment.createdDate),
      description: deployment.description ?? null,
    };
  }

  async getResources(apiId: string): Promise<ApiResources> {
    const out = await callAws('GetResources', READ_ACTION, () =>
      this.client.send(
        new GetResourcesCommand({ restApiId: apiId, embed: ['methods'], limit: RESOURCES_PAGE }),
      ),
    );
    return { resources: (out.items ?? []).map(toApiResource), truncated: Boolean(out.position) };
  }

  async getAccount(): Promise<AccountInfo> {
    const account = await callAws('GetAccount', READ_ACTION, () =>
      this.client.send(new GetAccountCommand({})),
    );
    return { cloudwatchRoleArn: account.cloudwatchRoleArn || null };
  }
}
