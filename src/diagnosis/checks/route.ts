// Does the invoke URL's path reach a resource with a method? Otherwise API Gateway answers 403
// {"message":"Missing Authentication Token"} (domain-reference A2 #25) whatever the policies say. GetResources shows
// the API's *current* resources, not the snapshot the stage was deployed with: a resource added or removed after
// the stage's deployment is not live yet, and the control plane cannot tell which resources that snapshot had.

import type { Facts } from '../facts.js';
import { pathAfterStage } from '../policy/index.js';
import { methodsFor, nearestResource, routeFor } from '../routes.js';
import { privateApiOrOutcome } from './api.js';
import { type Check, couldNotRun, finding, statusFor } from './check.js';

/** How many existing paths the evidence lists. */
const LISTED_PATHS = 20;

function snapshotNote(facts: Facts): string {
  const deployment = facts.deployment?.ok ? facts.deployment.value : null;
  const stage = facts.stage;
  const deployed = deployment
    ? `deployment ${deployment.id}${deployment.createdDate ? ` created ${deployment.createdDate}` : ''}`
    : stage?.deploymentId
      ? `deployment ${stage.deploymentId}`
      : 'its deployment';
  return (
    `These are the API's current resources; stage ${stage?.stageName ?? facts.request.stage ?? '?'} serves ` +
    `${deployed}, and a resource changed after it is not live until the stage is redeployed (the control plane ` +
    'does not show which resources that deployment has).'
  );
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
    // A custom-domain URL's path starts with the base path of a mapping, which may be empty: which part of it is
    // the API's path is the custom-domain check's to judge, and guessing here could report a route that exists.
    if (facts.request.urlForm === 'custom-domain') {
      return {
        status: 'skipped',
        findings: [],
        reason:
          'the URL is a custom domain: its base path mapping is checked by custom-domain, not the route',
      };
    }
    if (facts.stage === null && facts.request.stage !== null && facts.stages?.ok) {
      return { status: 'skipped', findings: [], reason: `stage ${facts.request.stage} does not exist` };
    }
    const resources = facts.apiResources;
    if (resources === null)
      return { status: 'skipped', findings: [], reason: "the API's resources were not read" };
    if (!resources.ok) return couldNotRun('route', `Resources of REST API ${read.api.id}`, resources.error);

    const path = pathAfterStage(facts.request.url);
    const shown = `/${path}`;
    const verb = facts.request.method ?? null;
    const routed = routeFor(resources.value.resources, path);
    if (routed && methodsFor(routed, verb).length > 0) {
      const methods = methodsFor(routed, verb)
        .map((m) => m.httpMethod)
        .join(', ');
      return {
        status: 'pass',
        findings: [],
        reason: `${verb ? `${verb} ` : ''}${shown} reaches resource ${routed.path} (${methods}). ${snapshotNote(facts)}`,
      };
    }
    if (!routed && resources.value.truncated) {
      return {
        status: 'error',
        findings: [],
        reason: `${shown} matches none of the first 500 resources, and the API has more: it could not be checked`,
      };
    }

    const nearest = nearestResource(resources.value.resources, path);
    const existing = resources.value.resources.filter((r) => r.methods.length > 0);
    const stage = facts.stage?.stageName ?? facts.request.stage;
    const why = !routed
      ? 'no resource of the API matches it'
      : routed.methods.length === 0
        ? `resource ${routed.path} exists but has no method`
        : `resource ${routed.path} has no ${verb} (nor ANY) method, only ${routed.methods.map((m) => m.httpMethod).join(', ')}`;
    // A wrong verb on a path that exists: the nearest path is that resource itself.
    const nearestOf = routed && routed.methods.length > 0 ? routed : nearest;
    const suggestion = nearestOf
      ? `The nearest existing path is ${nearestOf.path} (${nearestOf.methods.map((m) => m.httpMethod).join(', ')}).`
      : 'The API has no method at all.';
    const found = finding(
      'ROUTE_NOT_FOUND',
      {
        cause:
          `The invoke URL's ${verb ? `${verb} ` : ''}path ${shown} (stage ${stage ?? '?'}) reaches no method: ` +
          `${why}, so API Gateway answers 403 {"message":"Missing Authentication Token"} before any policy is read.`,
        explanation: suggestion,
        fix: 'Fix the URL (paths are case-sensitive), or add the resource and method and redeploy the stage.',
        caveat: snapshotNote(facts),
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
        resourcesAre: 'current (GetResources), not the deployed snapshot',
      },
    );
    return { status: statusFor([found]), findings: [found] };
  },
};
