// Counting AWS operations per service: the report's `stats.awsCalls`. Pure, so the Slack side can count the
// reads of the fix plans it computes for a report and add them to that report's figures.

import type { AwsCallStats } from './types.js';

export type AwsService = keyof AwsCallStats;

/** No call to any service: where every count starts. */
export function noCalls(): AwsCallStats {
  return { apigateway: 0, ec2: 0, logs: 0, lambda: 0, cloudtrail: 0, sts: 0, route53resolver: 0, route53: 0 };
}

/** Counts AWS operations per service for one diagnosis, or for the fix plans of one report. */
export class CallCounter {
  private readonly counts: AwsCallStats = noCalls();

  increment(service: AwsService): void {
    this.counts[service] += 1;
  }

  snapshot(): AwsCallStats {
    return { ...this.counts };
  }
}

/** Two sets of counts added service by service. */
export function addCallStats(a: AwsCallStats, b: AwsCallStats): AwsCallStats {
  const sum = { ...a };
  for (const service of Object.keys(b) as AwsService[]) sum[service] = (sum[service] ?? 0) + b[service];
  return sum;
}
