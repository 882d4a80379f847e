import type { AwsCallStats } from '../diagnosis/types.js';

export type AwsService = keyof AwsCallStats;

/** Counts AWS operations per service for one diagnosis (the report's `stats.awsCalls`). */
export class CallCounter {
  private readonly counts: AwsCallStats = {
    apigateway: 0,
    ec2: 0,
    logs: 0,
    lambda: 0,
    cloudtrail: 0,
    sts: 0,
    route53resolver: 0,
    route53: 0,
  };

  increment(service: AwsService): void {
    this.counts[service] += 1;
  }

  snapshot(): AwsCallStats {
    return { ...this.counts };
  }
}
