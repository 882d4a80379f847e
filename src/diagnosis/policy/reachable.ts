// Can a Resource pattern match any request at all? Every invocation is authorised against
// `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{VERB}/{path}`: a pattern such as `…:{api}/` (no wildcard)
// or `…:{api}/prod/GET` (no trailing slash) matches no request, so an Allow on it allows nothing. Decided exactly by
// intersecting the pattern (IAM `*`/`?` wildcards) with the language of request ARNs of this API.

import { expandResource } from './resource.js';
import type { ApiContext } from './types.js';
import { wildcardMatch } from './wildcard.js';

/** The verbs an invoke ARN carries (an ANY method is authorised against the request's own verb). */
export const HTTP_VERBS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;

export interface InvocationScope {
  /** The stages that exist, or null when unknown (any non-empty stage name). */
  stages: string[] | null;
  /** The verbs some method answers, or null when unknown (every verb). */
  verbs: string[] | null;
  /**
   * The resource paths that have a method (`/`, `/pets/{id}`, `/{proxy+}`), or null when unknown (any path). A
   * `{param}` stands for one segment, a `{param+}` for one or more.
   */
  paths?: string[] | null;
}

type Part =
  | { kind: 'literal'; text: string }
  | { kind: 'segment' }
  | { kind: 'any' }
  | { kind: 'oneOf'; options: Part[][] };

/** `/pets/{id}` → the parts of `pets/<one segment>` as it appears after `{VERB}/` in a request ARN. */
function pathParts(path: string): Part[] {
  const segments = path.split('/').filter((s) => s !== '');
  return segments.flatMap((segment, i): Part[] => {
    const separator: Part[] = i === 0 ? [] : [{ kind: 'literal', text: '/' }];
    if (/^\{[^}]+\+\}$/.test(segment)) return [...separator, { kind: 'segment' }, { kind: 'any' }];
    if (/^\{[^}]+\}$/.test(segment)) return [...separator, { kind: 'segment' }];
    return [...separator, { kind: 'literal', text: segment }];
  });
}

const literals = (texts: string[]): Part => ({
  kind: 'oneOf',
  options: texts.map((text) => [{ kind: 'literal', text }]),
});

/** A tiny NFA: states are numbers, `accept` is the final state. */
interface Nfa {
  edges: Map<number, { accepts: (c: string) => boolean; to: number }[]>;
  epsilon: Map<number, number[]>;
  start: number;
  accept: number;
}

function buildNfa(parts: Part[]): Nfa {
  const edges: Nfa['edges'] = new Map();
  const epsilon: Nfa['epsilon'] = new Map();
  let next = 1;
  const edge = (from: number, accepts: (c: string) => boolean, to: number) => {
    edges.set(from, [...(edges.get(from) ?? []), { accepts, to }]);
  };
  const jump = (from: number, to: number) => epsilon.set(from, [...(epsilon.get(from) ?? []), to]);
  const sequence = (from: number, seq: Part[]): number => {
    let state = from;
    for (const part of seq) {
      if (part.kind === 'literal') {
        for (const char of part.text) {
          const to = next++;
          edge(state, (c) => c === char, to);
          state = to;
        }
      } else if (part.kind === 'segment') {
        const to = next++;
        edge(state, (c) => c !== '/', to);
        edge(to, (c) => c !== '/', to);
        state = to;
      } else if (part.kind === 'any') {
        // A fresh state, so the loop does not leak back into what came before.
        const to = next++;
        jump(state, to);
        edge(to, () => true, to);
        state = to;
      } else {
        const join = next++;
        for (const option of part.options) jump(sequence(state, option), join);
        state = join;
      }
    }
    return state;
  };
  const accept = sequence(0, parts);
  return { edges, epsilon, start: 0, accept };
}

function closure(nfa: Nfa, states: Iterable<number>): Set<number> {
  const seen = new Set(states);
  const stack = [...seen];
  for (let state = stack.pop(); state !== undefined; state = stack.pop()) {
    for (const to of nfa.epsilon.get(state) ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        stack.push(to);
      }
    }
  }
  return seen;
}

/** Positions of the glob after consuming `char` from `pos` (a `*` may also be skipped: see skipStars). */
function globStep(glob: string, pos: number, char: string): number[] {
  const token = glob[pos];
  if (token === undefined) return [];
  if (token === '*') return [pos];
  if (token === '?' || token === char) return [pos + 1];
  return [];
}

function skipStars(glob: string, pos: number): number[] {
  const out = [pos];
  let at = pos;
  while (glob[at] === '*') out.push(++at);
  return out;
}

/** True when some string matches both the IAM glob and the NFA (a breadth-first search of their product). */
function intersects(glob: string, nfa: Nfa, alphabet: string[]): boolean {
  const key = (g: number, s: number) => `${g}:${s}`;
  const seen = new Set<string>();
  let frontier: [number, number][] = [];
  for (const g of skipStars(glob, 0)) for (const s of closure(nfa, [nfa.start])) frontier.push([g, s]);
  while (frontier.length > 0) {
    const nextFrontier: [number, number][] = [];
    for (const [g, s] of frontier) {
      if (seen.has(key(g, s))) continue;
      seen.add(key(g, s));
      if (g === glob.length && s === nfa.accept) return true;
      for (const char of alphabet) {
        const globNext = globStep(glob, g, char).flatMap((p) => skipStars(glob, p));
        if (globNext.length === 0) continue;
        const nfaNext = closure(
          nfa,
          (nfa.edges.get(s) ?? []).filter((e) => e.accepts(char)).map((e) => e.to),
        );
        for (const gn of globNext) for (const sn of nfaNext) nextFrontier.push([gn, sn]);
      }
    }
    frontier = nextFrontier;
  }
  return false;
}

/**
 * True when the Resource pattern matches at least one invoke ARN of this API (in the given stages and verbs).
 * Patterns for other services, regions or accounts match none; an unknown account matches any.
 */
export function matchesSomeInvocation(pattern: string, api: ApiContext, scope: InvocationScope): boolean {
  const expanded = expandResource(pattern, api);
  if (expanded === '*') return true;
  const parts = expanded.split(':');
  if (parts.length < 6) {
    // Not a whole ARN (e.g. `arn:aws:execute-api:*`): judged on one plausible invoke ARN, as the evaluator would.
    const stage = scope.stages?.[0] ?? 'prod';
    const verb = scope.verbs?.[0] ?? 'GET';
    const sample = `arn:aws:execute-api:${api.region}:${api.accountId ?? '123456789012'}:${api.apiId}/${stage}/${verb}/`;
    return wildcardMatch(expanded, sample);
  }
  const [, , service = '', region = '', account = ''] = parts;
  const resourcePart = parts.slice(5).join(':');
  if (!wildcardMatch(service, 'execute-api', { ignoreCase: true })) return false;
  if (!wildcardMatch(region, api.region, { ignoreCase: true })) return false;
  if (api.accountId !== null && !wildcardMatch(account, api.accountId)) return false;

  const verbs = scope.verbs ?? [...HTTP_VERBS];
  const paths = scope.paths ?? null;
  const request: Part[] = [
    { kind: 'literal', text: `${api.apiId}/` },
    scope.stages ? literals(scope.stages) : { kind: 'segment' },
    { kind: 'literal', text: '/' },
    literals(verbs),
    { kind: 'literal', text: '/' },
    paths ? { kind: 'oneOf', options: paths.map(pathParts) } : { kind: 'any' },
  ];
  // Characters that behave alike for both sides collapse to one representative ('x').
  const alphabet = new Set<string>(['/', 'x']);
  const texts = [resourcePart, api.apiId, ...verbs, ...(scope.stages ?? []), ...(paths ?? [])];
  for (const char of texts.join('')) {
    if (char !== '*' && char !== '?') alphabet.add(char);
  }
  return intersects(resourcePart, buildNfa(request), [...alphabet]);
}
