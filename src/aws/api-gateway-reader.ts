import {
  type APIGatewayClient,
  GetAccountCommand,
  GetDeploymentCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStagesCommand,
} from '@aws-sdk/client-api-gateway';
import type {
  AccountInfo,
  DeploymentInfo,
  RestApiInfo,
  RestApiSummary,
  StageInfo,
} from '../diagnosis/facts.js';
import type { ApiGatewayReader } from '../diagnosis/ports.js';
import { isoOrNull, toRestApiSummary, toStageInfo } from './api-gateway-mappers.js';
import { callAws } from './errors.js';

/** Every API Gateway read is authorised by the one IAM action `apigateway:GET` on the resource path. */
const READ_ACTION = 'apigateway:GET';
const REST_APIS_PAGE_SIZE = 500;

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

  async getAccount(): Promise<AccountInfo> {
    const account = await callAws('GetAccount', READ_ACTION, () =>
      this.client.send(new GetAccountCommand({})),
    );
    return { cloudwatchRoleArn: account.cloudwatchRoleArn || null };
  }

  async getRestApis(): Promise<RestApiSummary[]> {
    const apis: RestApiSummary[] = [];
    let position: string | undefined;
    do {
      const page = await callAws('GetRestApis', READ_ACTION, () =>
        this.client.send(new GetRestApisCommand({ limit: REST_APIS_PAGE_SIZE, position })),
      );
      apis.push(...(page.items ?? []).map(toRestApiSummary));
      position = page.position || undefined;
    } while (position);
    return apis;
  }
}
