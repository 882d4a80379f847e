import {
  type APIGatewayClient,
  type DomainName,
  GetAccountCommand,
  GetBasePathMappingsCommand,
  GetDeploymentCommand,
  GetDomainNameAccessAssociationsCommand,
  GetDomainNameCommand,
  GetDomainNamesCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  type MethodSnapshot,
  type Resource,
} from '@aws-sdk/client-api-gateway';
import type {
  AccountInfo,
  ApiResourceInfo,
  ApiResources,
  BasePathMappingInfo,
  DeployedMethod,
  DeploymentInfo,
  DomainAccessAssociationInfo,
  DomainNameInfo,
  RestApiInfo,
  RestApiSummary,
  RoutingRuleInfo,
  StageInfo,
} from '../diagnosis/facts.js';
import type { ApiGatewayReader } from '../diagnosis/ports.js';
import { isoOrNull, tagsOf, toRestApiSummary, toStageInfo } from './api-gateway-mappers.js';
import type { SdkApiGatewayV2Reader } from './api-gateway-v2-reader.js';
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
function toApiSummary(
  summary: Record<string, Record<string, MethodSnapshot>>,
): Record<string, Record<string, DeployedMethod>> {
  return Object.fromEntries(
    Object.entries(summary).map(([path, methods]) => [
      path,
      Object.fromEntries(
        Object.entries(methods ?? {}).map(([verb, method]) => [
          verb,
          {
            authorizationType: method?.authorizationType ?? null,
            apiKeyRequired: method?.apiKeyRequired ?? null,
          },
        ]),
      ),
    ]),
  );
}

/** The largest page API Gateway's list calls return. */
const PAGE_LIMIT = 500;
/** A guard against a position token that never ends (an emulator bug); real accounts stay far below. */
const MAX_PAGES = 20;

export class SdkApiGatewayReader implements ApiGatewayReader {
  constructor(
    private readonly client: APIGatewayClient,
    /** Routing rules live in the v2 API (ListRoutingRules), even for the REST APIs they route to. */
    private readonly v2: SdkApiGatewayV2Reader,
  ) {}

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
      ...tagsOf(api.tags),
    };
  }

  async getStages(apiId: string): Promise<StageInfo[]> {
    const out = await callAws('GetStages', READ_ACTION, () =>
      this.client.send(new GetStagesCommand({ restApiId: apiId })),
    );
    return (out.item ?? []).map(toStageInfo);
  }

  /** One stage; AwsCallError kind `not-found` when the API or the stage does not exist. */
  async getStage(apiId: string, stageName: string): Promise<StageInfo> {
    const out = await callAws('GetStage', READ_ACTION, () =>
      this.client.send(new GetStageCommand({ restApiId: apiId, stageName })),
    );
    return { ...toStageInfo(out), stageName: out.stageName ?? stageName };
  }

  /** Every REST API of the region (paginated inside), with whether its default hostname is turned off. */
  async getRestApis(): Promise<(RestApiSummary & { disableExecuteApiEndpoint: boolean })[]> {
    return this.allPages('GetRestApis', async (position) => {
      const out = await this.client.send(new GetRestApisCommand({ limit: PAGE_LIMIT, position }));
      const items = (out.items ?? []).map((api) => ({
        ...toRestApiSummary(api),
        disableExecuteApiEndpoint: api.disableExecuteApiEndpoint ?? false,
      }));
      return { items, position: out.position };
    });
  }

  async getDeployment(apiId: string, deploymentId: string): Promise<DeploymentInfo> {
    const deployment = await callAws('GetDeployment', READ_ACTION, () =>
      // The summary is the only record of which routes the stage serves (GetResources shows the current ones).
      this.client.send(new GetDeploymentCommand({ restApiId: apiId, deploymentId, embed: ['apisummary'] })),
    );
    return {
      id: deployment.id ?? deploymentId,
      createdDate: isoOrNull(deployment.createdDate),
      description: deployment.description ?? null,
      apiSummary: deployment.apiSummary ? toApiSummary(deployment.apiSummary) : null,
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

  async getDomainNames(): Promise<DomainNameInfo[]> {
    return this.allPages('GetDomainNames', async (position) => {
      const out = await this.client.send(
        new GetDomainNamesCommand({ resourceOwner: 'SELF', limit: PAGE_LIMIT, position }),
      );
      return { items: (out.items ?? []).map(toDomainNameInfo), position: out.position };
    });
  }

  async getDomainName(domainName: string, domainNameId: string | null): Promise<DomainNameInfo> {
    const out = await callAws('GetDomainName', READ_ACTION, () =>
      this.client.send(new GetDomainNameCommand({ domainName, ...(domainNameId ? { domainNameId } : {}) })),
    );
    return toDomainNameInfo(out);
  }

  async getBasePathMappings(domainName: string, domainNameId: string | null): Promise<BasePathMappingInfo[]> {
    return this.allPages('GetBasePathMappings', async (position) => {
      const out = await this.client.send(
        new GetBasePathMappingsCommand({
          domainName,
          ...(domainNameId ? { domainNameId } : {}),
          limit: PAGE_LIMIT,
          position,
        }),
      );
      const items = (out.items ?? []).map((m) => ({
        basePath: m.basePath ?? '(none)',
        restApiId: m.restApiId ?? null,
        stage: m.stage ?? null,
      }));
      return { items, position: out.position };
    });
  }

  getRoutingRules(domainName: string, domainNameId: string | null): Promise<RoutingRuleInfo[]> {
    return this.v2.getRoutingRules(domainName, domainNameId);
  }

  /**
   * The account's own associations (SELF) and, beside them, the ones other accounts made to its domains
   * (OTHER_ACCOUNTS): a consumer in another account creates the association in its own account, so the producer
   * sees it only under OTHER_ACCOUNTS. Both lists together are every association that lets an endpoint in.
   */
  async getDomainNameAccessAssociations(): Promise<DomainAccessAssociationInfo[]> {
    const [own, others] = await Promise.all([
      this.associationsOwnedBy('SELF'),
      this.associationsOwnedBy('OTHER_ACCOUNTS'),
    ]);
    const seen = new Set<string>();
    return [...own, ...others].filter((a) => a.arn === null || (!seen.has(a.arn) && seen.add(a.arn)));
  }

  private associationsOwnedBy(
    resourceOwner: 'SELF' | 'OTHER_ACCOUNTS',
  ): Promise<DomainAccessAssociationInfo[]> {
    return this.allPages('GetDomainNameAccessAssociations', async (position) => {
      const out = await this.client.send(
        new GetDomainNameAccessAssociationsCommand({ resourceOwner, limit: PAGE_LIMIT, position }),
      );
      const items = (out.items ?? []).map((a) => ({
        arn: a.domainNameAccessAssociationArn ?? null,
        domainNameArn: a.domainNameArn ?? null,
        sourceType: a.accessAssociationSourceType ?? null,
        source: a.accessAssociationSource ?? null,
      }));
      return { items, position: out.position };
    });
  }

  /** Follows `position` tokens to the last page (each page is one AWS call). */
  private allPages<T>(
    operation: string,
    page: (position: string | undefined) => Promise<{ items: T[]; position: string | undefined }>,
  ): Promise<T[]> {
    return callAws(operation, READ_ACTION, async () => {
      const all: T[] = [];
      let position: string | undefined;
      for (let i = 0; i < MAX_PAGES; i++) {
        const out = await page(position);
        all.push(...out.items);
        position = out.position;
        if (!position) break;
      }
      return all;
    });
  }
}

function toDomainNameInfo(domain: DomainName): DomainNameInfo {
  return {
    domainName: domain.domainName ?? '',
    domainNameId: domain.domainNameId ?? null,
    domainNameArn: domain.domainNameArn ?? null,
    endpointTypes: domain.endpointConfiguration?.types ?? [],
    status: domain.domainNameStatus ?? null,
    statusMessage: domain.domainNameStatusMessage ?? null,
    securityPolicy: domain.securityPolicy ?? null,
    endpointAccessMode: domain.endpointAccessMode ?? null,
    policy: domain.policy ?? null,
    managementPolicy: domain.managementPolicy ?? null,
    routingMode: domain.routingMode ?? null,
  };
}
