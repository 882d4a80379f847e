// Which fix buttons a report earns (only those a finding calls for, spec §5), the identifiers each fix needs,
// and the confirm text read from Remediator.plan at render time.

import type { CallCounter } from '../diagnosis/call-counter.js';
import type { DiagnosisRequest, Report } from '../diagnosis/types.js';
import type { Logger } from '../log.js';
import type { FixId, FixPlan, FixTarget, Remediator } from '../remediation/types.js';
import { FIX_ACTION_IDS, isFixId } from './action-ids.js';
import type { ButtonValue } from './button-value.js';
import type { FixOffer } from './render/summary.js';

/** `counter`, when given, counts the AWS reads the remediator makes (its plans), service by service. */
export type RemediatorFactory = (region: string, options?: { counter?: CallCounter }) => Remediator;

export function fixesCalledFor(report: Report): FixId[] {
  const called = new Set<string>(report.findings.flatMap((finding) => finding.remediations));
  return FIX_ACTION_IDS.filter((fix) => called.has(fix));
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The endpoint a private-DNS fix would change: the one the user named, else the only one the findings name,
 * else the only one in the VPC. Null when ambiguous — then no button, rather than a guess.
 */
export function endpointForFix(report: Report, request: DiagnosisRequest): string | null {
  if (request.vpceId) return request.vpceId;
  const named = new Set(
    report.findings
      .filter((finding) => finding.remediations.includes('enable-private-dns'))
      .flatMap((finding) => [
        ...stringList(finding.evidence.vpceId),
        ...stringList(finding.evidence.vpceIds),
      ]),
  );
  if (named.size === 1) return [...named][0] ?? null;
  return report.target.vpcEndpointIds.length === 1 ? (report.target.vpcEndpointIds[0] ?? null) : null;
}

export function buttonValueFor(report: Report, request: DiagnosisRequest): ButtonValue {
  return {
    apiId: report.target.apiId,
    region: report.target.region,
    stage: report.target.stage,
    vpcId: request.vpcId ?? report.target.vpcId,
    vpceId: endpointForFix(report, request),
    securityGroupIds: request.callerSecurityGroupIds,
    urlForm: request.urlForm,
    sinceMs: request.sinceMs,
    probe: request.probe,
    accountId: report.target.accountId,
    customDomain: request.customDomain,
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface OfferDeps {
  remediatorFor: RemediatorFactory;
  logger: Logger;
  planTimeoutMs: number;
}

/**
 * The plans' AWS reads are counted in `counter`: the flow adds them to the `stats.awsCalls` of the report it
 * posts, since the plans are read for that report, before it is posted. A read still running when its plan
 * times out was counted when it started.
 */
export interface OfferOptions {
  counter?: CallCounter;
}

/** One offer per fix the report calls for and whose target is known; a plan that fails gets a generic text. */
export async function offersFor(
  report: Report,
  value: ButtonValue,
  deps: OfferDeps,
  options: OfferOptions = {},
): Promise<FixOffer[]> {
  const target: FixTarget = {
    apiId: value.apiId,
    region: value.region,
    stage: value.stage,
    vpceId: value.vpceId,
  };
  const fixes = fixesCalledFor(report).filter((fix) => {
    if (fix === 'enable-private-dns') return target.vpceId !== null;
    return target.stage !== null;
  });
  if (fixes.length === 0) return [];
  let remediator: Remediator;
  try {
    remediator = deps.remediatorFor(value.region, options.counter ? { counter: options.counter } : {});
  } catch (err) {
    deps.logger.warn({ err }, 'could not build the remediator: confirm dialogs use generic text');
    return fixes.map((fix) => ({ fix, plan: null }));
  }
  const offers = await Promise.all(
    fixes.map(async (fix): Promise<FixOffer | null> => {
      try {
        const plan: FixPlan | null | undefined = await withTimeout(
          remediator.plan(fix, target),
          deps.planTimeoutMs,
        );
        // A plan of null means the fix does not apply to the current state: no button.
        return plan ? { fix, plan } : null;
      } catch (err) {
        deps.logger.warn({ err, fix }, 'could not plan a fix: its confirm dialog uses generic text');
        return { fix, plan: null };
      }
    }),
  );
  return offers.filter((offer): offer is FixOffer => offer !== null && isFixId(offer.fix));
}
