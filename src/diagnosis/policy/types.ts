// The evaluator's own vocabulary: a normalised policy document, the request it is asked about, and the
// decision with the statement that decided — the evidence an on-call engineer reads in the report.

/** `"*"` or a map such as `{ AWS: [...] }`; every value list is normalised to an array. */
export type PrincipalBlock = '*' | Record<string, string[]>;

export interface ConditionClause {
  /** The operator exactly as written, e.g. `ForAnyValue:StringNotEqualsIfExists`. */
  operator: string;
  key: string;
  values: string[];
}

export interface PolicyStatement {
  index: number;
  sid: string | null;
  effect: 'Allow' | 'Deny';
  /** Undefined when the element is absent. */
  principal?: PrincipalBlock;
  notPrincipal?: PrincipalBlock;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  conditions: ConditionClause[];
  /** The statement as written in the policy, for evidence. */
  json: unknown;
}

export interface PolicyDocument {
  version: string | null;
  statements: PolicyStatement[];
  json: unknown;
}

export type ContextValue = string | string[] | undefined;

export interface ApiContext {
  region: string;
  /** Unknown account: the account segment of API ARNs is treated as matching. */
  accountId: string | null;
  apiId: string;
  /**
   * Set when the policy is a private custom domain name's (its execute-api ARN): the short form `execute-api:/*`
   * there means the domain, as API Gateway reads it, not an API.
   */
  domainArn?: string;
}

export interface PolicyRequest {
  action: string;
  /** Full ARN, e.g. `arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets`. */
  resource: string;
  /** `anonymous` for unsigned calls, `signed` for a caller signing as an unknown IAM principal, else its ARN. */
  principal: 'anonymous' | 'signed' | string;
  context: Record<string, ContextValue>;
  /**
   * Keys the real request carries but whose value the engine cannot know (e.g. aws:VpcSourceIp, the client's
   * address): a condition on one of them can be neither proved nor disproved, so it is not read as "absent".
   */
  unknownKeys?: string[];
  /**
   * True when `context` holds every key the request carries (a request built whole, as the IAM tests build the
   * remediation role's calls): a key it lacks is absent. Default: an execute-api:Invoke call, whose keys beyond
   * the ones the engine knows may or may not be there (context-keys.ts).
   */
  contextIsComplete?: boolean;
  apiContext: ApiContext;
}

export interface DecidingStatement {
  index: number;
  sid: string | null;
  json: unknown;
}

/** `indeterminate`: the outcome hangs on a statement the evaluator could not judge (see notes). */
export type DecisionKind = 'allow' | 'explicit-deny' | 'implicit-deny' | 'indeterminate';

export interface PolicyDecision {
  decision: DecisionKind;
  /**
   * The matching Deny, or the first matching Allow; for `indeterminate`, the first statement that could not be
   * judged; null for an implicit deny.
   */
  statement: DecidingStatement | null;
  /** What the evaluator could not judge (unknown operators, keys whose value is unknown). */
  notes: string[];
}
