// Every gathered AWS read a check looks at is either declared (`needs`/`uses`, so the one runner applies the
// missing-data rules) or listed below with the reason the check decides about it itself. Each check runs on the
// facts that produce every finding code (finding-producers.ts), through a proxy that records which reads it touched.

import { describe, expect, it } from 'vitest';
import type { Check, FactName } from '../../../src/diagnosis/checks/check.js';
import { FACT_NAMES, runCheck } from '../../../src/diagnosis/checks/run-check.js';
import { CHECKS } from '../../../src/diagnosis/diagnose.js';
import type { Facts } from '../../../src/diagnosis/facts.js';
import type { CheckId } from '../../../src/diagnosis/types.js';
import { PRODUCERS } from '../finding-producers.js';
import { buildFacts, fetchedFailed } from './facts-builder.js';

/** Reads a check handles itself, and why the runner's rule would be wrong there. */
const SELF_HANDLED: Partial<Record<CheckId, Partial<Record<FactName, string>>>> = {};
const ALL_CHECKS_SELF_HANDLE: Partial<Record<FactName, string>> = {
  restApi:
    'the root read: the api check reports its failure (and any AWS_PERMISSION_MISSING) once, the others say ' +
    'why they could not run through restApiOrOutcome, and a public API makes most of them skip',
};
Object.assign(SELF_HANDLED, {
  'vpc-endpoint': {
    endpoints: 'a public API skips the check before the endpoints matter; a failed read is its couldNotRun',
  },
  'endpoint-policy': {
    endpoints: 'a public API skips the check before the endpoints matter; a failed read is its couldNotRun',
    apiResources:
      'unknown method authorization is a finding of its own (POLICY_DEPENDS_ON_SIGNER), not a missing input',
    deployment:
      'the deployed route summary only replaces the current resources as the source of method authorization; unread, the current ones count',
  },
  'endpoint-access': {
    deployment:
      'only tells a saved-but-not-deployed switch (a warning) from a live one; unread, the saved one counts',
    restApiUpdates: 'as deployment: the history only softens DEFAULT_ENDPOINT_DISABLED to a warning',
  },
  'security-groups': {
    vpcs: 'only rules that name CIDR ranges need the VPC ranges; that path reports could-not-run itself',
  },
  'network-acls': {
    vpcs: 'read after the check knows it applies (a public API skips); a failed read is its couldNotRun',
  },
  'private-dns': {
    endpointInterfaces:
      "only tells whether a zone record's addresses are the endpoint's (a documented alternative to private DNS); unread, the record is undecided and PRIVATE_DNS_DISABLED stands",
  },
  'dns-rules': {
    endpoints:
      "only names more endpoints a zone record may lead to; unread, the caller VPC's own endpoints count",
    endpointInterfaces:
      "only judges a zone record's addresses; unread, that resolution is undecided and the check says so (error)",
    vpcs: "only sharpens the probe's live answer (inside the VPC or not); without it that comparison is not made",
  },
  route: {
    apiResources:
      'without a URL there is no route to check: a failed read must not turn that skip into error',
    deployment:
      'its route summary decides when AWS returned it; unread or without one, the current resources are judged and the text says so',
  },
  'resource-policy': {
    apiResources:
      'unknown method authorization is a finding of its own (POLICY_DEPENDS_ON_SIGNER), not a missing input',
    stages: 'narrows which Resource patterns can match; unread stages keep every pattern possible',
    callerIdentity:
      'the account only matters for account-specific ARNs; that path says it could not judge them',
    deployment:
      'the deployed route summary only replaces the current resources as the source of method authorization; unread, the current ones count',
  },
  deployment: {
    deployment: 'a stage without a deployment skips; a failed read is couldNotRun with the history note',
    restApiUpdates: 'history: a failed read is couldNotRun and keeps the verdict at most degraded',
  },
  'execution-logs': {
    logs: 'history: a failed read is couldNotRun and keeps the verdict at most degraded; null means logging off',
  },
  'probe-request-logs': {
    probeRequestLogs:
      'null means the stage logs nowhere (PROBE_REQUEST_LOGS_OFF); a failure is its couldNotRun',
  },
  probe: {
    vpcs: 'the VPC ranges only sharpen PROBE_DNS_PUBLIC; without them the endpoint addresses still decide',
  },
} satisfies Partial<Record<CheckId, Partial<Record<FactName, string>>>>);

const FACTS = new Set<string>(FACT_NAMES);

/** The gathered reads `check` touches on `facts`. */
function readsOf(check: Check, facts: Facts): Set<FactName> {
  const touched = new Set<FactName>();
  const recording = new Proxy(facts, {
    get(target, property, receiver) {
      if (typeof property === 'string' && FACTS.has(property)) touched.add(property as FactName);
      return Reflect.get(target, property, receiver);
    },
  });
  check.run(recording);
  return touched;
}

describe('checks declare the reads they use', () => {
  it.each(CHECKS.map((check) => [check.id, check] as const))('%s', (id, check) => {
    const declared = new Set<FactName>([...(check.needs ?? []), ...(check.uses ?? [])]);
    const allowed = { ...ALL_CHECKS_SELF_HANDLE, ...SELF_HANDLED[id] };
    const touched = new Set<FactName>();
    for (const produce of Object.values(PRODUCERS)) {
      for (const name of readsOf(check, produce())) touched.add(name);
    }

    const undeclared = [...touched].filter((name) => !declared.has(name) && !(name in allowed));
    expect(undeclared).toEqual([]);
  });

  it('lists no self-handled read a check does not make', () => {
    const touched = (check: Check) => {
      const all = new Set<FactName>();
      for (const produce of Object.values(PRODUCERS)) for (const n of readsOf(check, produce())) all.add(n);
      return all;
    };
    for (const check of CHECKS) {
      const listed = Object.keys(SELF_HANDLED[check.id] ?? {}) as FactName[];
      expect({ check: check.id, unused: listed.filter((name) => !touched(check).has(name)) }).toEqual({
        check: check.id,
        unused: [],
      });
    }
  });
});

describe('the runner', () => {
  it('reports a check that throws as error with the message, never as a crash of the diagnosis', () => {
    const broken: Check = {
      id: 'route',
      run() {
        throw new TypeError("Cannot read properties of undefined (reading 'path')");
      },
    };

    const outcome = runCheck(broken, buildFacts());

    expect(outcome).toEqual({
      status: 'error',
      findings: [],
      reason: "the route check failed: Cannot read properties of undefined (reading 'path')",
    });
  });

  it('declares a failed needed read as could-not-run for the network checks, before they run', () => {
    const denied = fetchedFailed<never>('throttled', {
      action: 'ec2:DescribeSecurityGroups',
      operation: 'DescribeSecurityGroups',
      message: 'slow down',
    });
    const sg = CHECKS.find((check) => check.id === 'security-groups') as Check;

    const outcome = runCheck(sg, buildFacts({ securityGroups: denied }));

    expect(outcome.status).toBe('error');
    expect(outcome.reason).toBe(
      'Security groups could not be read (DescribeSecurityGroups: throttled by AWS after retries)',
    );
  });
});
