// The in-VPC probe's answers as findings: the article's client-side tests (nslookup of the private name vs the
// endpoint's name, the port-443 test, the call itself) run from the caller's subnets. Every finding carries
// the probe's raw per-step results so a human can check the reading.

import type { DnsStep, HttpStep, ProbeOutput, ProbeUrlForm } from '../../probe/schema.js';
import type { Facts, ProbeFact } from '../facts.js';
import { usesPrivateDnsName } from '../model/endpoints.js';
import { cidrContains } from '../net/cidr.js';
import type { Evidence, Finding, Severity, UrlForm } from '../types.js';
import { type Check, type CheckOutcome, couldNotRun, finding, statusFor } from './check.js';

type RanProbe = Extract<ProbeFact, { state: 'ran' }>;

const DEPLOY_HINT =
  'npx apigw-diagnose probe deploy --vpc <vpc-id> --subnets <subnet-a,subnet-b> --security-groups <sg-id> --role-arn <role-arn>';

export const probeCheck: Check = {
  id: 'probe',
  // The endpoints' addresses tell a DNS answer in the VPC but not at the endpoint (PROBE_DNS_MISMATCH) apart.
  uses: ['endpointInterfaces'],
  run(facts: Facts): CheckOutcome {
    const probe = facts.probe;
    switch (probe.state) {
      case 'disabled':
        return { status: 'skipped', findings: [], reason: 'the in-VPC probe was turned off (--no-probe)' };
      case 'not-configured':
        return notConfigured(probe.vpcId);
      case 'error': {
        const reason = `the in-VPC probe${probe.functionName ? ` ${probe.functionName}` : ''} failed: ${probe.message}`;
        // A denied ListFunctions or Invoke names its IAM action like any other denied read.
        const findings = probe.failure
          ? couldNotRun('probe', 'The in-VPC probe', probe.failure).findings
          : [];
        return { status: 'error', findings, reason };
      }
      case 'ran':
        return ran(facts, probe);
    }
  },
};

function notConfigured(vpcId: string | null): CheckOutcome {
  const command = DEPLOY_HINT.replace('<vpc-id>', vpcId ?? '<vpc-id>');
  const where = vpcId ? `VPC ${vpcId}` : "the caller's VPC (unknown: pass --vpc)";
  return {
    status: 'skipped',
    reason: `no probe function is deployed for ${where}`,
    findings: [
      finding(
        'PROBE_NOT_CONFIGURED',
        {
          cause: `No in-VPC probe is deployed for ${where}, so live DNS, TCP 443 and HTTPS checks were skipped.`,
          fix:
            `Deploy one into the caller's subnets and security groups with \`${command}\` (or the ` +
            'CloudFormation template infra/probe-template.yaml), or name it with PROBE_FUNCTION.',
          shortFix: "Deploy the in-VPC probe into the caller's subnets (`apigw-diagnose probe deploy`).",
          resources: vpcId ? [vpcId] : [],
        },
        {
          vpcId,
          deployCommand: command,
          template: 'infra/probe-template.yaml',
          discoveryPrefix: 'apigw-diagnose-probe',
        },
      ),
    ],
  };
}

function ran(facts: Facts, probe: RanProbe): CheckOutcome {
  const result = probe.result;
  const raw: Evidence = {
    functionName: probe.functionName,
    vpcId: probe.vpcId,
    probeMs: probe.ms,
    dns: result.dns,
    tcp: result.tcp,
    http: result.http,
  };
  const callerForm = facts.urlForm;
  // A fact about the private-DNS name is the cause only when the caller uses (or may use) that name.
  const privateNameSeverity: Severity = usesPrivateDnsName(callerForm) ? 'error' : 'info';
  const findings: Finding[] = [
    ...dnsFailed(facts, result, raw),
    ...dnsPublic(facts, probe, privateNameSeverity, raw),
    ...dnsMismatch(result, privateNameSeverity, raw),
    ...tcpTimeout(result, raw),
    ...httpAnswers(result, callerForm, facts.request.url !== null, raw),
  ];
  const status = statusFor(findings);
  const answered = result.http.some((step) => step.status !== null);
  if (findings.length === 0 && !answered) {
    // Nothing explains the silence: that is not a pass.
    const codes = result.http.map((step) => `${step.form}: ${step.errorCode ?? 'no answer'}`).join('; ');
    return {
      status: 'error',
      findings,
      reason: `the probe got no HTTPS answer (${codes || 'no URL tried'})`,
    };
  }
  return { status, findings };
}

/** The DNS steps for the name the caller uses: its URL's host when known, else by the URL form. */
function callerNameSteps(facts: Facts, result: ProbeOutput): DnsStep[] {
  const host = hostOf(facts.request.url);
  const exact = host ? result.dns.filter((step) => step.name.toLowerCase() === host) : [];
  if (exact.length > 0) return exact;
  const role =
    facts.urlForm === 'vpce-alias'
      ? 'vpce-alias'
      : facts.urlForm === 'vpce-hostname'
        ? 'endpoint'
        : 'private-dns';
  return result.dns.filter((step) => step.role === role);
}

function dnsFailed(facts: Facts, result: ProbeOutput, raw: Evidence): Finding[] {
  const steps = callerNameSteps(facts, result);
  const failed = steps.filter((step) => step.addresses.length === 0);
  // With several aliases (one per endpoint) one that resolves is enough for the caller.
  if (steps.length === 0 || failed.length < steps.length) return [];
  const names = failed.map((step) => `${step.name} (${describeDnsCode(step.errorCode)})`).join(', ');
  return [
    finding(
      'PROBE_DNS_FAILED',
      {
        cause: `From inside the VPC, ${names} does not resolve.`,
        explanation: 'The caller cannot reach the API by this name.',
        fix:
          "Fix what the private-dns and dns-rules checks name: private DNS on the endpoint, the VPC's DNS " +
          'attributes, a Resolver rule or a private hosted zone.',
        resources: failed.map((step) => step.name),
      },
      { names: failed.map(({ name, errorCode, ms }) => ({ name, errorCode, ms })), probe: raw },
    ),
  ];
}

/** The caller VPCs' IPv4 and IPv6 ranges (none when DescribeVpcs was not read). */
export function callerVpcCidrs(facts: Facts): string[] {
  return facts.vpcs?.ok ? facts.vpcs.value.flatMap((vpc) => [...vpc.cidrBlocks, ...vpc.ipv6CidrBlocks]) : [];
}

/**
 * The answers that are neither the endpoint's addresses nor in the VPC's ranges: a public answer. Null when there
 * is nothing to judge them against (then nothing can be called "not private").
 */
export function addressesOutsideVpc(
  addresses: string[],
  endpointAddresses: string[],
  cidrs: string[],
): string[] | null {
  if (cidrs.length === 0 && endpointAddresses.length === 0) return null;
  return addresses.filter(
    (address) => !endpointAddresses.includes(address) && !cidrs.some((cidr) => cidrContains(cidr, address)),
  );
}

function dnsPublic(facts: Facts, probe: RanProbe, severity: Severity, raw: Evidence): Finding[] {
  const cidrs = callerVpcCidrs(facts);
  const findings: Finding[] = [];
  for (const step of probe.result.dns.filter((s) => s.role === 'private-dns' && s.addresses.length > 0)) {
    const outside = addressesOutsideVpc(step.addresses, probe.endpointAddresses, cidrs);
    if (outside === null) return [];
    if (outside.length === 0) continue;
    findings.push(
      finding(
        'PROBE_DNS_PUBLIC',
        {
          cause:
            `From inside the VPC, ${step.name} resolves to ${outside.join(', ')}: not the VPC endpoint's ` +
            `addresses (${probe.endpointAddresses.join(', ') || 'unknown'}) and not in the VPC's CIDRs ` +
            `(${cidrs.join(', ') || 'unknown'}).`,
          explanation:
            'Calls by this name go to the public API Gateway front door, which answers 403 for a private API.',
          fix: "Enable private DNS on the caller VPC's execute-api endpoint, or call the API through its {api}-{vpce} alias.",
          resources: [step.name, probe.vpcId],
        },
        {
          name: step.name,
          addresses: step.addresses,
          outside,
          endpointAddresses: probe.endpointAddresses,
          vpcCidrs: cidrs,
          probe: raw,
        },
        { severity },
      ),
    );
  }
  return findings;
}

function dnsMismatch(result: ProbeOutput, severity: Severity, raw: Evidence): Finding[] {
  const privateStep = result.dns.find((step) => step.role === 'private-dns' && step.addresses.length > 0);
  const endpointSteps = result.dns.filter((step) => step.role === 'endpoint' && step.addresses.length > 0);
  if (!privateStep || endpointSteps.length === 0) return [];
  if (endpointSteps.some((step) => sameSet(step.addresses, privateStep.addresses))) return [];
  return [
    finding(
      'PROBE_DNS_MISMATCH',
      {
        cause:
          `${privateStep.name} resolves to ${privateStep.addresses.join(', ')}, but the endpoint's own name ` +
          `${endpointSteps.map((s) => `${s.name} → ${s.addresses.join(', ')}`).join('; ')}.`,
        explanation:
          'The private name does not lead to this VPC endpoint (the article compares the two with nslookup).',
        fix:
          'Look at what the private-dns and dns-rules checks name: another endpoint with private DNS, a Resolver ' +
          'rule or a private hosted zone answering the name.',
        resources: endpointSteps.flatMap((s) => (s.vpceId ? [s.vpceId] : [])),
      },
      {
        privateName: { name: privateStep.name, addresses: privateStep.addresses },
        endpointNames: endpointSteps.map(({ name, vpceId, addresses }) => ({ name, vpceId, addresses })),
        probe: raw,
      },
      { severity },
    ),
  ];
}

function tcpTimeout(result: ProbeOutput, raw: Evidence): Finding[] {
  const timedOut = result.tcp.filter((step) => step.errorCode === 'ETIMEDOUT');
  if (timedOut.length === 0) return [];
  return [
    finding(
      'PROBE_TCP_TIMEOUT',
      {
        cause:
          `TCP ${timedOut[0]?.port ?? 443} from the caller's subnets to ${timedOut.length} of ${result.tcp.length} ` +
          `endpoint address(es) timed out (${timedOut.map((s) => s.address).join(', ')}): the packets are dropped, ` +
          "not refused — by the endpoint's security groups (inbound 443), the probe's (outbound 443) or a network " +
          'ACL of either subnet.',
        fix: 'The security-groups and network-acls checks name the rule to change.',
        resources: timedOut.map((s) => s.address),
      },
      {
        addresses: timedOut.map(({ address, port, errorCode, ms }) => ({ address, port, errorCode, ms })),
        probe: raw,
      },
    ),
  ];
}

/**
 * A 403 "Missing Authentication Token" is API Gateway's answer for a stage, path or method this API does not
 * have: the request crossed DNS, the network and the endpoint and was routed to this API. The probe sends one
 * GET (to the stage root when no URL was given), so this says nothing about the resource policy.
 */
export function isRouteMiss(step: HttpStep): boolean {
  return (
    step.status === 403 &&
    ((step.errorType ?? '').startsWith('MissingAuthenticationTokenException') ||
      /missing authentication token/i.test(step.message ?? ''))
  );
}

/** 403 or another answer, judged on the caller's URL form when it was tried, else on every form. */
function httpAnswers(
  result: ProbeOutput,
  callerForm: UrlForm,
  callerUrlGiven: boolean,
  raw: Evidence,
): Finding[] {
  const ownForm = result.http.filter((step) => step.form === (callerForm as ProbeUrlForm));
  const steps = ownForm.length > 0 ? ownForm : result.http;
  const findings: Finding[] = [];
  const routeMisses = steps.filter(isRouteMiss);
  const miss = routeMisses[0];
  if (miss) {
    // The caller's own path answering this may be their fault (wrong stage/path, undeployed resource) but the
    // probe only sends GET; on the stage root the probe chose, it is simply the absence of a GET / method.
    const where = callerUrlGiven
      ? "the caller's path has no GET method in the deployed stage (wrong stage or path, a resource not yet " +
        'deployed, or the caller uses another method)'
      : 'the stage root the probe chose has no GET method; pass the failing URL to exercise the real route';
    findings.push(
      finding(
        'PROBE_HTTP_FORBIDDEN',
        {
          cause:
            `GET ${miss.url} from inside the VPC was answered 403 "Missing Authentication Token": the request ` +
            `reached API Gateway and was routed to this API (DNS, TCP 443 and the endpoint work), but ${where}.`,
          explanation: miss.requestId ? `Request id ${miss.requestId}.` : undefined,
          fix: null,
          resources: miss.requestId ? [miss.requestId] : [],
        },
        { ...httpEvidence(miss), responses: routeMisses.map(httpEvidence), reachedApi: true, probe: raw },
        { severity: callerUrlGiven ? 'warning' : 'info' },
      ),
    );
  }
  const forbidden = steps.filter((step) => step.status === 403 && !isRouteMiss(step));
  const first = forbidden[0];
  if (first) {
    findings.push(
      finding(
        'PROBE_HTTP_FORBIDDEN',
        {
          cause:
            `GET ${first.url} from inside the VPC was answered 403 ${first.errorType ?? ''} "${first.message ?? ''}"` +
            `${first.requestId ? ` (request id ${first.requestId}; look for it in the execution logs)` : ''}.`,
          fix: null,
          resources: first.requestId ? [first.requestId] : [],
        },
        { ...httpEvidence(first), responses: forbidden.map(httpEvidence), probe: raw },
      ),
    );
  }
  const answered = steps.filter((step) => step.status !== null && step.status !== 403);
  const ok = answered[0];
  if (ok) {
    findings.push(
      finding(
        'PROBE_HTTP_OK',
        {
          cause:
            `GET ${ok.url} from the probe's subnets reached the API (HTTP ${ok.status}): DNS, network and policy ` +
            'work from there, so the fault is specific to the real caller (its subnet, security group, URL or headers).',
          fix: null,
          resources: ok.requestId ? [ok.requestId] : [],
        },
        { ...httpEvidence(ok), responses: answered.map(httpEvidence), probe: raw },
      ),
    );
  }
  return findings;
}

function httpEvidence(step: HttpStep): Evidence {
  return {
    url: step.url,
    form: step.form,
    status: step.status,
    errorType: step.errorType,
    message: step.message,
    requestId: step.requestId,
    headers: step.headersSent,
    ms: step.ms,
  };
}

function describeDnsCode(code: string | null): string {
  switch (code) {
    case 'ENOTFOUND':
      return 'NXDOMAIN';
    case 'ESERVFAIL':
      return 'SERVFAIL';
    case 'ENODATA':
      return 'no address records';
    case 'ETIMEOUT':
      return 'resolver timed out';
    default:
      return code ?? 'no answer';
  }
}

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}

function hostOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}
