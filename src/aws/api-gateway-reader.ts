import {
  type APIGatewayClient,
  GetAccountCommand,
  GetDeploymentCommand,
  GetRestApiCommand,
  GetStagesCommand,
} from '@aws-sdk/client-api-gateway';
import type { AccountInfo, DeploymentInfo, RestApiInfo, StageInfo } from '../diagnosis/facts.js';
import type { ApiGatewayReader } from '../diagnosis/ports.js';
import { isoOrNull, toStageInfo } from './api-gateway-mappers.js';
import { callAws } from './errors.js';

/** Every API Gateway read is authorised by the one IAM action `apigateway:GET` on the resource path. */
const READ_ACTION = 'apigateway:GET';

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
      disableExecuteApiEndpoint: api.disableExecuteApiEndpoint ?? false,
      securityPolicy: api.securityPolicy ?? null,
      endpointAccessMode: api.endpointAccessMode ?? null,
      apiStatus: api.apiStatus ?? null,
      apiStatusMessage: api.apiStatusMessage ?? null,
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
}
