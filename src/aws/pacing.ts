// Client-side pacing of AWS calls, shared by every diagnosis in this process. AWS throttles per account and
// Region with token buckets; a burst of diagnoses in an incident would otherwise eat the API Gateway control
// plane budget the team's own deploys need, and turn into ThrottlingExceptions the report must then call
// "could not check". Pacing keeps us below the documented limits instead: calls wait their turn (first come,
// first served), they are never dropped, and a throttle that still happens is reported as one.

/** One service's budget: a steady rate and the burst allowed on top of it. */
export interface PaceLimit {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Bucket size: how many calls may go at once after a quiet period. */
  burst: number;
}

/**
 * Below each service's documented limit per account and Region, leaving room for other callers:
 * - API Gateway control plane: 10 requests/s, burst 40, not increasable ("Total operations").
 * - EC2 non-mutating (Describe*) actions: bucket 100, refill 20/s (EC2 API request throttling).
 * - CloudWatch Logs FilterLogEvents: about 5 transactions/s.
 * - CloudTrail LookupEvents: 2 requests/s.
 * - Lambda control plane (ListFunctions, Invoke of the probe): throttled per account; 10/s is far below it.
 * - Route 53 API: 5 requests/s per account.
 * - Route 53 Resolver (rule reads of the DNS layer): paced like Route 53, a conservative guess.
 * - STS (AssumeRole into member accounts, GetCallerIdentity): AWS documents no AssumeRole rate, only that STS
 *   rates cannot be raised and that callers should cache credentials and back off (role-sessions.ts caches them
 *   for an hour). A burst of 50 lets the first search of 50 accounts assume every role at once; 20/s after it.
 * - Organizations ListAccounts (discovering the accounts): one global endpoint for the organisation, which
 *   answers TooManyRequestsException past its quota; AWS publishes no rate for ListAccounts, so a conservative
 *   guess that still lists 2,000 accounts (100 pages) in about 20 s, at most once per 15 minutes
 *   (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
 * Services without an entry are not paced.
 */
export const DEFAULT_PACE_LIMITS: Readonly<Record<string, PaceLimit>> = {
  apigateway: { ratePerSecond: 8, burst: 20 },
  ec2: { ratePerSecond: 15, burst: 50 },
  logs: { ratePerSecond: 4, burst: 4 },
  cloudtrail: { ratePerSecond: 1.5, burst: 2 },
  lambda: { ratePerSecond: 10, burst: 10 },
  route53: { ratePerSecond: 4, burst: 4 },
  // GetResources: 5 requests per 2 s per account, on top of the API Gateway budget.
  'apigateway:GetResources': { ratePerSecond: 2, burst: 4 },
  route53resolver: { ratePerSecond: 4, burst: 4 },
  sts: { ratePerSecond: 20, burst: 50 },
  organizations: { ratePerSecond: 5, burst: 5 },
};

/**
 * A token bucket that hands out reservations rather than refusals: when it is empty the balance goes
 * negative and each caller is told how long to wait for its own token. Waiting callers are served in the
 * order they asked, and the bucket needs no timer of its own.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly limit: PaceLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = limit.burst;
    this.updatedAt = now();
  }

  /** Takes one token; returns how many milliseconds the caller must wait before using it (0: go now). */
  reserve(): number {
    const at = this.now();
    const elapsedSeconds = Math.max(0, at - this.updatedAt) / 1000;
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsedSeconds * this.limit.ratePerSecond);
    this.updatedAt = at;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.limit.ratePerSecond) * 1000);
  }
}

/** Buckets per Region and service; one per process, so concurrent diagnoses share the budget. */
export class Pacer {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly limits: Readonly<Record<string, PaceLimit>> = DEFAULT_PACE_LIMITS,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep,
  ) {}

  /** Resolves when a call to this service in this Region may be sent. */
  async take(region: string, service: string): Promise<void> {
    const limit = this.limits[service];
    if (!limit) return;
    const key = `${region}/${service}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(limit, this.now);
      this.buckets.set(key, bucket);
    }
    const waitMs = bucket.reserve();
    if (waitMs > 0) await this.sleep(waitMs);
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
