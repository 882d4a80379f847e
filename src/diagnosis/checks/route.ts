// Does the invoke URL's path reach a method the stage serves? Otherwise API Gateway answers 403
// {"message":"Missing Authentication Token"} (domain-reference A2 #25) whatever the policies say. The stage serves
// its deployment, frozen when it was made: GetDeployment's API summary lists those routes, while GetResources
// shows the API's *current* ones. A route that exists now but not in the deployment is not live until the stage
// is redeployed. Without the summary (AWS did not return it) the current resources are judged, and the report
// says so.

import type { ApiResourceInfo, DeploymentInfo, Facts } from '../facts.js';
import { pathAfterStage } from '../policy/index.js';
import { deployedRoutes, methodsFor, nearestResource, routeFor } from '../routes.js';
import type { Finding } from '../types.js';
import { privateApiOrOutcome } from './api.js';
import { type Check, type CheckOutcome, couldNotRun, finding, statusFor } from './check.js';
import { basePathSegments, mappingFor } from './custom-domain.js';

/** How many existing paths the evidence lists. */
const LISTED_PATHS = 20;

function deploymentLabel(deployment: DeploymentInfo | null, facts: Facts): string {
  if (deployment)
    return `deployment ${deployment.id}${deployment.createdDate ? ` (created ${deployment.createdDate})` : ''}`;
  return facts.stage?.deploymentId ? `deployment ${facts.stage.deploymentId}` : 'its deployment';
}

function snapshotNote(facts: Facts, deployment: DeploymentInfo | null): string {
  return (
    `These are the API's current resources; stage ${stageOf(facts) ?? '?'} serves ` +
    `${deploymentLabel(deployment, facts)}, and a resource changed after it is not live until the stage is ` +
    "redeployed (AWS did not return that deployment's route summary)."
  );
}

function stageOf(facts: Facts): string | null {
  return facts.stage?.stageName ?? facts.request.stage;
}

/** The resource and methods `path` reaches among `resources`, or null when it reaches no method. */
function reach(resources: ApiResourceInfo[], path: string, verb: string | null) {
  const routed = routeFor(resources, path);
  const methods = routed ? methodsFor(routed, verb) : [];
  return routed && methods.length > 0 ? { routed, methods } : null;
}

/**
 * The path the API sees: after the stage for an execute-api URL; for a custom-domain URL, after the base path of
 * the mapping that serves it (custom-domain's choice), when that mapping sends it to this API's stage (any other
 * mapping is the custom-domain check's to report, and routing rules decide elsewhere).
 */
function apiPath(facts: Facts): { path: string } | { skip: string } {
  if (facts.request.urlForm !== 'custom-domain') return { path: pathAfterStage(facts.request.url) };
  const custom = facts.customDomain;
  const domain = custom?.domain?.ok ? custom.domain.value : null;
  const mode = domain?.routingMode?.toUpperCase() ?? 'BASE_PATH_MAPPING_ONLY';
  if (!custom?.mappings?.ok || mode !== 'BASE_PATH_MAPPING_ONLY') {
    return {
      skip: 'the URL is a custom domain whose mapping to this API was not established: custom-domain judges it',
    };
  }
  const { mapping } = mappingFor(custom, custom.mappings.value, facts.request.apiId);
  const stage = stageOf(facts);
  if (
    !mapping ||
    mapping.restApiId !== facts.request.apiId ||
    (mapping.stage !== null && mapping.stage !== stage)
  ) {
    return {
      skip: "no base path mapping of the custom domain sends this URL to the API's stage: custom-domain judges it",
    };
  }
  return { path: urlSegments(facts.request.url).slice(basePathSegments(mapping).length).join('/') };
}

function urlSegments(url: string | null): string[] {
  try {
    return new URL(url ?? '').pathname.split('/').filter((segment) => segment !== '');
  } catch {
    return [];
  }
}

export const routeCheck: Check = {
  id: 'route',
  run(facts) {
    const read = privateApiOrOutcome(facts);
    if ('outcome' in read) return read.outcome;
    if (facts.request.url === null) {
      return {
        status: 'skipped',
        findings: [],
        reason: 'no invoke URL was given, so there is no path to check; pass the failing URL',
      };
    }
    const routed = apiPath(facts);
    if ('skip' in routed) return { status: 'skipped', findings: [], reason: routed.skip };
    if (facts.stage === null && facts.request.stage !== null && facts.stages?.ok) {
      return { status: 'skipped', findings: [], reason: `stage ${facts.request.stage} does not exist` };
    }
    const deployment = facts.deployment?.ok ? facts.deployment.value : null;
    const deployed = deployedRoutes(deployment);
    return deployed
      ? judgeDeployed(facts, routed.path, deployed, deployment as DeploymentInfo)
      : judgeCurrent(facts, routed.path, deployment, read.api.id);
  },
};

/** The deployment's routes decide; the current resources only tell a route not yet deployed from a wrong URL. */
function judgeDeployed(
  facts: Facts,
  path: string,
  deployed: ApiResourceInfo[],
  deployment: DeploymentInfo,
): CheckOutcome {
  const verb = facts.request.method ?? null;
  const live = reach(deployed, path, verb);
  const served = `stage ${stageOf(facts) ?? '?'} serves ${deploymentLabel(deployment, facts)}`;
  if (live) {
    const methods = live.methods.map((m) => m.httpMethod).join(', ');
    return {
      status: 'pass',
      findings: [],
      reason: `${verb ? `${verb} ` : ''}/${path} reaches ${live.routed.path} (${methods}): ${served}, which has it.`,
    };
  }
  const current = facts.apiResources?.ok ? facts.apiResources.value.resources : [];
  const pending = reach(current, path, verb);
  if (pending) {
    const found = routeNotDeployed(
      facts,
      path,
      deployment,
      pending.routed,
      pending.methods.map((m) => m.httpMethod),
    );
    return { status: statusFor([found]), findings: [found] };
  }
  const found = routeNotFound(
    facts,
    path,
    deployed,
    `none of the routes of ${deploymentLabel(deployment, facts)}`,
    {
      resourcesAre: `deployed (GetDeployment ${deployment.id} apiSummary)`,
      caveat:
        `Judged against the routes ${served}` +
        (facts.apiResources?.ok ? " and the API's current resources, neither of which has it." : '.'),
    },
  );
  return { status: statusFor([found]), findings: [found] };
}

function judgeCurrent(
  facts: Facts,
  path: string,
  deployment: DeploymentInfo | null,
  apiId: string,
): CheckOutcome {
  const resources = facts.apiResources;
  if (resources === null)
    return { status: 'skipped', findings: [], reason: "the API's resources were not read" };
  if (!resources.ok) return couldNotRun('route', `Resources of REST API ${apiId}`, resources.error);
  const verb = facts.request.method ?? null;
  const live = reach(resources.value.resources, path, verb);
  if (live) {
    const methods = live.methods.map((m) => m.httpMethod).join(', ');
    return {
      status: 'pass',
      findings: [],
      reason: `${verb ? `${verb} ` : ''}/${path} reaches resource ${live.routed.path} (${methods}). ${snapshotNote(facts, deployment)}`,
    };
  }
  if (!routeFor(resources.value.resources, path) && resources.value.truncated) {
    return {
      status: 'error',
      findings: [],
      reason: `/${path} matches none of the first 500 resources, and the API has more: it could not be checked`,
    };
  }
  const found = routeNotFound(facts, path, resources.value.resources, 'no resource of the API', {
    resourcesAre: 'current (GetResources), not the deployed snapshot',
    caveat: snapshotNote(facts, deployment),
  });
  return { status: statusFor([found]), findings: [found] };
}

function routeNotFound(
  facts: Facts,
  path: string,
  resources: ApiResourceInfo[],
  where: string,
  about: { resourcesAre: string; caveat: string },
): Finding {
  const shown = `/${path}`;
  const verb = facts.request.method ?? null;
  const routed = routeFor(resources, path);
  const nearest = nearestResource(resources, path);
  const existing = resources.filter((r) => r.methods.length > 0);
  const stage = stageOf(facts);
  const why = !routed
    ? `${where} matches it`
    : routed.methods.length === 0
      ? `resource ${routed.path} exists but has no method`
      : `resource ${routed.path} has no ${verb} (nor ANY) method, only ${routed.methods.map((m) => m.httpMethod).join(', ')}`;
  // A wrong verb on a path that exists: the nearest path is that resource itself.
  const nearestOf = routed && routed.methods.length > 0 ? routed : nearest;
  const suggestion = nearestOf
    ? `The nearest existing path is ${nearestOf.path} (${nearestOf.methods.map((m) => m.httpMethod).join(', ')}).`
    : 'The API has no method at all.';
  return finding(
    'ROUTE_NOT_FOUND',
    {
      cause:
        `The invoke URL's ${verb ? `${verb} ` : ''}path ${shown} (stage ${stage ?? '?'}) reaches no method: ` +
        `${why}, so API Gateway answers 403 {"message":"Missing Authentication Token"} before any policy is read.`,
      explanation: suggestion,
      fix: 'Fix the URL (paths are case-sensitive), or add the resource and method and redeploy the stage.',
      caveat: about.caveat,
      resources: [facts.request.apiId, ...(stage ? [stage] : [])],
    },
    {
      path: shown,
      method: verb ?? 'any',
      stage,
      nearestPath: nearestOf?.path ?? null,
      nearestMethods: nearestOf?.methods.map((m) => m.httpMethod) ?? [],
      existingPaths: existing.slice(0, LISTED_PATHS).map((r) => r.path),
      ...(existing.length > LISTED_PATHS ? { morePaths: existing.length - LISTED_PATHS } : {}),
      deploymentId: facts.stage?.deploymentId ?? null,
      resourcesAre: about.resourcesAre,
    },
  );
}

function routeNotDeployed(
  facts: Facts,
  apiPathText: string,
  deployment: DeploymentInfo,
  resource: ApiResourceInfo,
  methods: string[],
): Finding {
  const path = `/${apiPathText}`;
  const verb = facts.request.method ?? null;
  const stage = stageOf(facts) ?? '{stage}';
  return finding(
    'ROUTE_NOT_DEPLOYED',
    {
      cause:
        `${verb ? `${verb} ` : ''}${path} reaches resource ${resource.path} (${methods.join(', ')}) in the API as it ` +
        `is now, but not in ${deploymentLabel(deployment, facts)}, which stage ${stage} serves: the route was ` +
        'added after that deployment, so API Gateway answers 403 {"message":"Missing Authentication Token"}.',
      fix:
        `Redeploy stage ${stage}: \`aws apigateway create-deployment --rest-api-id ${facts.request.apiId} ` +
        `--stage-name ${stage} --region ${facts.region}\``,
      shortFix: `Redeploy stage ${stage}.`,
      caveat:
        'A redeploy ships every saved change of the API (resources, methods, the resource policy), not only this route.',
      resources: [facts.request.apiId, stage],
    },
    {
      path,
      method: verb ?? 'any',
      stage,
      resource: resource.path,
      currentMethods: methods,
      deploymentId: deployment.id,
      deploymentCreatedDate: deployment.createdDate,
      deployedPaths: Object.keys(deployment.apiSummary ?? {}).slice(0, LISTED_PATHS),
    },
  );
}
