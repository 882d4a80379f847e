// Which resource of the API a request path reaches, the way API Gateway routes it: a literal path part beats a
// `{param}` (one segment), which beats a greedy `{proxy+}` (one or more segments). Also the nearest existing path
// for a path that matches none, and the method authorization the resource policy's verdict depends on.

import type { ApiResourceInfo, ApiResources, DeploymentInfo, Facts, Fetched, MethodInfo } from './facts.js';

function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** Per segment: 3 literal, 2 `{param}`, 1 `{proxy+}`; null when the template does not match the path. */
function matchScore(template: string, path: string[]): number[] | null {
  const parts = segmentsOf(template);
  const score: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (/^\{[^}]+\+\}$/.test(part)) {
      // Greedy: must be last and take at least one segment.
      return i === parts.length - 1 && path.length > i ? [...score, 1] : null;
    }
    const segment = path[i];
    if (segment === undefined) return null;
    if (/^\{[^}]+\}$/.test(part)) score.push(2);
    else if (part === segment) score.push(3);
    else return null;
  }
  return parts.length === path.length ? score : null;
}

function compareScores(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The resource API Gateway routes `path` (after the stage, no leading slash) to, or null. */
export function routeFor(resources: ApiResourceInfo[], path: string): ApiResourceInfo | null {
  const segments = segmentsOf(path);
  let best: { resource: ApiResourceInfo; score: number[] } | null = null;
  for (const resource of resources) {
    const score = matchScore(resource.path, segments);
    if (score && (!best || compareScores(score, best.score) > 0)) best = { resource, score };
  }
  return best?.resource ?? null;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The existing path (with methods) closest to `path`: most leading segments in common, then fewest edits. */
export function nearestResource(resources: ApiResourceInfo[], path: string): ApiResourceInfo | null {
  const wanted = segmentsOf(path);
  const common = (resource: ApiResourceInfo) => {
    const parts = segmentsOf(resource.path);
    let n = 0;
    while (
      n < parts.length &&
      n < wanted.length &&
      (parts[n] === wanted[n] || /^\{.+\}$/.test(parts[n] ?? ''))
    )
      n++;
    return n;
  };
  const target = `/${wanted.join('/')}`;
  const ranked = resources
    .filter((r) => r.methods.length > 0)
    .map((resource) => ({
      resource,
      common: common(resource),
      distance: editDistance(resource.path, target),
    }))
    .sort((a, b) => b.common - a.common || a.distance - b.distance);
  return ranked[0]?.resource ?? null;
}

/** The resource's methods a request with this verb reaches (its own, else ANY); every method when no verb. */
export function methodsFor(resource: ApiResourceInfo, verb: string | null | undefined): MethodInfo[] {
  if (!verb) return resource.methods;
  const own = resource.methods.filter((m) => m.httpMethod.toUpperCase() === verb.toUpperCase());
  return own.length > 0 ? own : resource.methods.filter((m) => m.httpMethod.toUpperCase() === 'ANY');
}

/**
 * The routes a deployment serves, as resources: its API summary (path → method → authorization), which is what
 * API Gateway answers with; null when AWS did not return the summary.
 */
export function deployedRoutes(deployment: DeploymentInfo | null | undefined): ApiResourceInfo[] | null {
  if (!deployment?.apiSummary) return null;
  return Object.entries(deployment.apiSummary).map(([path, methods]) => ({
    id: path,
    path,
    methods: Object.entries(methods).map(([httpMethod, method]) => ({
      httpMethod,
      authorizationType: method.authorizationType ?? 'NONE',
    })),
  }));
}

/** The stage's deployed routes when known (complete, never truncated), else the API's current resources. */
function liveResources(facts: Facts): Fetched<ApiResources> | null {
  const deployed = deployedRoutes(facts.deployment?.ok ? facts.deployment.value : null);
  if (deployed) return { ok: true, value: { resources: deployed, truncated: false }, ms: 0 };
  return facts.apiResources;
}

/** How the methods a request may reach authorise callers; `unknown` when the resources could not be read. */
export type MethodAuthorization =
  | { kind: 'aws-iam' | 'not-iam' | 'mixed'; types: string[]; scope: string }
  | { kind: 'unknown'; reason: string };

/**
 * The authorization of the methods the request reaches: those of the URL's resource when the URL is known and
 * routes somewhere, else every method of the API (the request could be any of them).
 */
export function methodAuthorization(facts: Facts, path: string | null): MethodAuthorization {
  const read = liveResources(facts);
  if (read === null) return { kind: 'unknown', reason: "the API's methods were not read" };
  if (!read.ok)
    return { kind: 'unknown', reason: `the API's methods could not be read (${read.error.operation})` };
  const routed = path === null ? null : routeFor(read.value.resources, path);
  const verb = facts.request.method;
  const reached = routed ? methodsFor(routed, verb) : [];
  const methods = reached.length > 0 ? reached : read.value.resources.flatMap((r) => methodsFor(r, verb));
  const scope =
    reached.length > 0
      ? `the ${verb ? `${verb} ` : ''}method${reached.length > 1 ? 's' : ''} of ${routed?.path}`
      : `every ${verb ? `${verb} ` : ''}method of the API`;
  const types = [...new Set(methods.map((m) => m.authorizationType.toUpperCase()))].sort();
  if (types.length === 0) return { kind: 'unknown', reason: 'the API has no methods' };
  if (reached.length === 0 && read.value.truncated) {
    return {
      kind: 'unknown',
      reason: "the API has more than one page of resources; not every method's authorization was read",
    };
  }
  const iam = types.filter((t) => t === 'AWS_IAM').length;
  const kind = iam === types.length ? 'aws-iam' : iam === 0 ? 'not-iam' : 'mixed';
  return { kind, types, scope };
}

/** The verbs some method of the API answers (ANY answers every verb); null when unknown. */
export function verbsAnswered(resources: ApiResources): string[] | null {
  const verbs = new Set(resources.resources.flatMap((r) => r.methods.map((m) => m.httpMethod.toUpperCase())));
  if (verbs.has('ANY') || resources.truncated) return null;
  return [...verbs];
}

/** The paths of resources that have a method; null when one page did not hold them all. */
export function pathsAnswered(resources: ApiResources): string[] | null {
  if (resources.truncated) return null;
  return resources.resources.filter((r) => r.methods.length > 0).map((r) => r.path);
}
