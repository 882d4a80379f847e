// What a fix's confirm dialog warns about, as typed values: only real risks and side effects (a refusal, a cost,
// the public APIs cut off, the changes a redeploy ships…), never reassurance or how to undo (the audit line
// carries the undo command). A plan says *which* risk with its data; renderers choose the words and the length.
// `riskText` is the full sentence (tests, any adapter); Slack's confirm dialog shortens by kind (fewer API
// names, a shorter form) and never reads these sentences back.

import type { Ownership } from '../diagnosis/model/ownership.js';
import { driftSentence } from './iac.js';
import type { FixId } from './registry.js';

/** The API kinds whose default `{id}.execute-api.{region}.amazonaws.com` hostname private DNS shadows. */
export type PublicApiKind = 'REST' | 'HTTP' | 'WEBSOCKET';

export interface PublicApi {
  name: string;
  id: string;
  kind: PublicApiKind;
}

export type Risk =
  /** A pre-check will refuse the change; the reason says why and what to do. Listed first. */
  | { kind: 'will-be-refused'; reason: string }
  /** The change is already in place. */
  | { kind: 'nothing-will-change'; reason: string }
  /** A read the plan needed failed: the dialog must not read as "nothing to worry about". */
  | { kind: 'could-not-read'; what: string; message: string; consequence?: string }
  /** What the change costs (e.g. CloudWatch Logs ingestion and storage), with a short form for small dialogs. */
  | { kind: 'cost'; text: string; short: string }
  /**
   * Private DNS makes these public APIs unreachable from the VPC (403). `checked` says which kinds were listed,
   * so an empty `apis` means "none of those kinds", never "could not tell" (that is a `could-not-read`).
   */
  | { kind: 'breaks-public-apis'; region: string; apis: PublicApi[]; checked: PublicApiKind[] }
  /** A redeploy ships every change saved since the stage's deployment, not only the one the finding is about. */
  | { kind: 'ships-pending-changes'; apiId: string; sinceDeploymentId: string | null }
  /**
   * The resource is managed by infrastructure as code: the change drifts from the template and the next stack
   * update or `terraform apply` reverts it. `resource` names it ("Stage prod"); iac.ts has the template change.
   */
  | { kind: 'iac-drift'; fix: FixId; owner: Ownership; resource: string }
  /** Any other side effect worth knowing before confirming, in the fix's own words, with a short form. */
  | { kind: 'note'; text: string; short: string };

/** How many public APIs a sentence names before "and N more" (Slack dialogs are small). */
export const PUBLIC_APIS_NAMED = 5;

const KIND_WORDS: Record<PublicApiKind, string> = {
  REST: 'REST API',
  HTTP: 'HTTP API',
  WEBSOCKET: 'WebSocket API',
};

/** What `checked` lists, in the words of "No … of this account is in …". */
const CHECKED_WORDS: Record<PublicApiKind, string> = {
  REST: 'public (REGIONAL/EDGE) REST API',
  HTTP: 'HTTP API',
  WEBSOCKET: 'WebSocket API',
};

export function publicApiName(api: PublicApi): string {
  return `${api.name} (${KIND_WORDS[api.kind]} ${api.id})`;
}

/** "…in us-east-1 (403): a (REST API 1), b (HTTP API 2) and 3 more." naming at most `named` APIs (≥ 1). */
export function cutOffApisSentence(
  risk: Extract<Risk, { kind: 'breaks-public-apis' }>,
  named = PUBLIC_APIS_NAMED,
): string {
  if (risk.apis.length === 0) {
    return `No ${orList(risk.checked.map((kind) => CHECKED_WORDS[kind]))} of this account is in ${risk.region} with its default endpoint on.`;
  }
  const shown = risk.apis.slice(0, Math.max(1, named)).map(publicApiName);
  const more = risk.apis.length - shown.length;
  return (
    `This VPC will no longer reach these public APIs in ${risk.region} (403): ${shown.join(', ')}` +
    (more > 0 ? ` and ${more} more.` : '.')
  );
}

/** The whole sentence for one risk. */
export function riskText(risk: Risk): string {
  switch (risk.kind) {
    case 'will-be-refused':
      return `Will be refused: ${risk.reason}`;
    case 'nothing-will-change':
      return `Nothing will change: ${risk.reason}`;
    case 'could-not-read':
      return risk.consequence
        ? `Could not ${risk.what} (${risk.message}); ${risk.consequence}`
        : `Could not ${risk.what}: ${risk.message}`;
    case 'cost':
    case 'note':
      return risk.text;
    case 'breaks-public-apis':
      return cutOffApisSentence(risk);
    case 'iac-drift':
      return driftSentence(risk.fix, risk.owner, risk.resource);
    case 'ships-pending-changes':
      return (
        `Every change made to API ${risk.apiId} since ` +
        `${risk.sinceDeploymentId ? `deployment ${risk.sinceDeploymentId}` : 'the current deployment'} ` +
        'ships, not only the resource policy: resources, methods, integrations and authorizers too.'
      );
  }
}

/** "a", "a or b", "a, b or c". */
function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
