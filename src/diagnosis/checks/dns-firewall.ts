// Route 53 Resolver DNS Firewall in the caller's VPC: a BLOCK rule whose domain list matches the API's hostname
// makes the VPC resolver answer NXDOMAIN, NODATA or an override instead of the endpoint's addresses. DNS Firewall
// applies the VPC's rule groups in ascending association priority and, in each, its rules in ascending rule
// priority; the first rule whose domain list matches the query decides (ALLOW, ALERT: answered; BLOCK: refused).
// A domain specification matches the name itself; one starting with `*` matches any name ending in the rest
// (`*.example.com`: every name below example.com, not example.com itself; `*` alone: every name). With the
// default INSPECT_REDIRECTION_DOMAIN, each name of a CNAME chain is inspected in turn; a deciding ALLOW rule set
// to TRUST_REDIRECTION_DOMAIN lets the rest of the chain through.

import { callerHostname } from '../dns/caller-view.js';
import type {
  DnsFirewallFacts,
  Facts,
  Fetched,
  FirewallAssociationInfo,
  FirewallDomainListInfo,
  FirewallDomainListsRead,
  FirewallRuleInfo,
} from '../facts.js';
import { executeApiDomain, inRegionExecuteApiEndpoints, vpceHostnameSuffix } from '../model/endpoints.js';
import type { Evidence, Finding } from '../types.js';
import { privateApiOrOutcome } from './api.js';
import { unknownCallerReason } from './caller-reason.js';
import {
  type Check,
  type CheckOutcome,
  couldNotRun,
  describeFailure,
  finding,
  statusFor,
  type TextFor,
} from './check.js';

/** DNS Firewall's domain matching: exact, or a leading `*` standing for any non-empty prefix. */
export function firewallDomainMatches(spec: string, name: string): boolean {
  const pattern = spec.toLowerCase().replace(/\.$/, '');
  const host = name.toLowerCase().replace(/\.$/, '');
  if (!pattern.startsWith('*')) return pattern === host;
  const rest = pattern.slice(1);
  return host.length > rest.length && host.endsWith(rest);
}

/** A list AWS manages: its domains cannot be listed (and it names threats, not AWS service hostnames). */
export function isManaged(lists: Fetched<FirewallDomainListsRead> | null, id: string): boolean {
  return lists?.ok === true && lists.value.lists.some((l) => l.id === id && l.managedOwnerName !== null);
}

/** The query type the caller's lookup uses (A); a rule limited to another type does not apply to it. */
function appliesToA(rule: FirewallRuleInfo): boolean {
  return rule.qtype === null || rule.qtype === 'A' || rule.qtype === 'TYPE1';
}

export interface FirewallMatch {
  association: FirewallAssociationInfo;
  rule: FirewallRuleInfo;
  /** The domain specification that matched. */
  domain: string;
}

/** What DNS Firewall does with one name in one VPC, as far as the reads let the check see. */
export type FirewallDecision =
  | { kind: 'match'; match: FirewallMatch; notes: string[] }
  | { kind: 'no-match'; notes: string[] }
  | { kind: 'unknown'; why: string; failure?: CheckOutcome; notes: string[] };

/** Walks the VPC's rule groups and rules in DNS Firewall's order; the first matching rule decides. */
export function decide(firewall: DnsFirewallFacts, vpcId: string, name: string): FirewallDecision {
  const notes: string[] = [];
  if (!firewall.associations.ok) {
    return {
      kind: 'unknown',
      why: 'associations not read',
      failure: couldNotRun(
        'dns-firewall',
        `DNS Firewall rule groups of ${vpcId}`,
        firewall.associations.error,
      ),
      notes,
    };
  }
  const associations = firewall.associations.value.associations
    .filter((a) => a.vpcId === vpcId)
    .sort((a, b) => a.priority - b.priority);
  for (const association of associations) {
    const group = firewall.ruleGroups.find((g) => g.ruleGroupId === association.ruleGroupId);
    if (!group) return { kind: 'unknown', why: `rules of ${association.ruleGroupId} not read`, notes };
    if (!group.rules.ok) {
      return {
        kind: 'unknown',
        why: `rules of ${association.ruleGroupId} not read`,
        failure: couldNotRun(
          'dns-firewall',
          `Rules of DNS Firewall rule group ${association.ruleGroupId}`,
          group.rules.error,
        ),
        notes,
      };
    }
    const rules = [...group.rules.value.rules].sort((a, b) => a.priority - b.priority);
    for (const rule of rules) {
      if (!appliesToA(rule)) continue;
      if (rule.domainListId === null) {
        notes.push(`rule ${ruleLabel(rule)} inspects threats, not a domain list (not judged)`);
        continue;
      }
      if (isManaged(firewall.domainLists, rule.domainListId)) {
        notes.push(
          `rule ${ruleLabel(rule)} uses the AWS-managed list ${listLabel(firewall, rule.domainListId)}`,
        );
        continue;
      }
      const list = firewall.domains.find((d) => d.domainListId === rule.domainListId);
      if (!list) return { kind: 'unknown', why: `domain list ${rule.domainListId} not read`, notes };
      if (!list.domains.ok) {
        return {
          kind: 'unknown',
          why: `domain list ${rule.domainListId} not read`,
          failure: couldNotRun(
            'dns-firewall',
            `Domains of DNS Firewall domain list ${listLabel(firewall, rule.domainListId)}`,
            list.domains.error,
          ),
          notes,
        };
      }
      const domain = list.domains.value.domains.find((spec) => firewallDomainMatches(spec, name));
      if (domain !== undefined) return { kind: 'match', match: { association, rule, domain }, notes };
      if (list.domains.value.truncated) {
        return {
          kind: 'unknown',
          why: `domain list ${listLabel(firewall, rule.domainListId)} has more domains than were read, and those read do not match ${name}`,
          notes,
        };
      }
    }
    if (group.rules.value.truncated) {
      return {
        kind: 'unknown',
        why: `rule group ${association.ruleGroupId} has more rules than were read`,
        notes,
      };
    }
  }
  if (firewall.associations.value.truncated) {
    return { kind: 'unknown', why: `${vpcId} has more rule group associations than were read`, notes };
  }
  return { kind: 'no-match', notes };
}

function ruleLabel(rule: FirewallRuleInfo): string {
  return `${rule.name ?? '(unnamed)'} (priority ${rule.priority})`;
}

function domainList(firewall: DnsFirewallFacts, id: string): FirewallDomainListInfo | null {
  return firewall.domainLists?.ok
    ? (firewall.domainLists.value.lists.find((l) => l.id === id) ?? null)
    : null;
}

function listLabel(firewall: DnsFirewallFacts, id: string): string {
  const name = domainList(firewall, id)?.name;
  return name ? `${name} (${id})` : id;
}

/**
 * The names after the caller's hostname in its CNAME chain: for the `{api}-{vpce}` alias and a custom domain, the
 * execute-api endpoint's own DNS name (a custom domain's record may also be an alias, which has no chain).
 */
export function redirectionTargets(facts: Facts, vpcId: string): string[] {
  if (facts.urlForm !== 'vpce-alias' && facts.urlForm !== 'custom-domain') return [];
  const vpc = facts.callerVpcs.find((c) => c.vpcId === vpcId);
  const endpoints = inRegionExecuteApiEndpoints(vpc?.endpoints ?? [], facts.region).filter(
    (e) => !facts.request.vpceId || e.id === facts.request.vpceId,
  );
  const names = endpoints.flatMap((e) => e.dnsNames.slice(0, 1)).map((n) => n.toLowerCase());
  return [...new Set(names)].filter((n) => n.endsWith(vpceHostnameSuffix(facts.region)));
}

export const dnsFirewallCheck: Check = {
  id: 'dns-firewall',
  run(facts: Facts): CheckOutcome {
    const read = privateApiOrOutcome(facts);
    if ('outcome' in read) return read.outcome;
    const firewall = facts.dnsFirewall;
    if (firewall === null) {
      return { status: 'skipped', findings: [], reason: unknownCallerReason(facts) };
    }
    const name = callerHostname(facts.request, facts.region);
    const findings: Finding[] = [];
    const notes: string[] = [];
    const failures: CheckOutcome[] = [];
    for (const vpc of facts.callerVpcs) {
      const judged = judgeVpc(facts, firewall, vpc.vpcId, name);
      findings.push(...judged.findings);
      notes.push(...judged.notes);
      failures.push(...judged.failures);
    }
    if (firewall.domainLists && !firewall.domainLists.ok) {
      notes.push(
        `which domain lists AWS manages could not be read (${firewall.domainLists.error.operation}: ${describeFailure(firewall.domainLists.error)}); every list was read as the account's own`,
      );
    }
    const reported = [...findings, ...failures.flatMap((f) => f.findings)];
    const allFindings = [...reported, ...deniedReads(firewall, reported)];
    const reason = notes.join('; ');
    if (failures.length > 0 && !findings.some((f) => f.severity === 'error')) {
      return { status: 'error', findings: allFindings, reason };
    }
    return { status: statusFor(allFindings), findings: allFindings, ...(reason ? { reason } : {}) };
  },
};

/**
 * AWS_PERMISSION_MISSING for every denied DNS Firewall read not named yet (one read after the deciding rule, or the
 * domain-list metadata): a missing permission is always reported, even when the decision did not need the read.
 */
function deniedReads(firewall: DnsFirewallFacts, reported: Finding[]): Finding[] {
  const named = new Set(
    reported.filter((f) => f.code === 'AWS_PERMISSION_MISSING').map((f) => f.evidence.action),
  );
  const reads = [
    firewall.associations,
    firewall.domainLists,
    ...firewall.ruleGroups.map((g) => g.rules),
    ...firewall.domains.map((d) => d.domains),
  ];
  return reads.flatMap((read) => {
    if (!read || read.ok || read.error.kind !== 'access-denied' || named.has(read.error.action)) return [];
    named.add(read.error.action);
    return couldNotRun('dns-firewall', read.error.operation, read.error).findings;
  });
}

interface VpcJudgement {
  findings: Finding[];
  notes: string[];
  failures: CheckOutcome[];
}

function judgeVpc(facts: Facts, firewall: DnsFirewallFacts, vpcId: string, name: string): VpcJudgement {
  const associated =
    firewall.associations.ok && firewall.associations.value.associations.some((a) => a.vpcId === vpcId);
  if (firewall.associations.ok && !associated && !firewall.associations.value.truncated) {
    return { findings: [], notes: [`${vpcId}: no DNS Firewall rule group is associated`], failures: [] };
  }
  const first = decide(firewall, vpcId, name);
  const notes = first.notes.map((n) => `${vpcId}: ${n}`);
  if (first.kind === 'unknown') return unknownJudgement(vpcId, name, first, notes);
  const findings: Finding[] = [];
  if (first.kind === 'match') {
    const { rule } = first.match;
    if (rule.action === 'BLOCK')
      return {
        findings: [blockFinding(facts, firewall, vpcId, name, first.match, null)],
        notes,
        failures: [],
      };
    if (rule.action === 'ALERT') findings.push(alertFinding(facts, firewall, vpcId, name, first.match));
    // An ALLOW that trusts the redirection chain lets every later name through.
    if (rule.action === 'ALLOW' && rule.redirectionAction === 'TRUST_REDIRECTION_DOMAIN') {
      notes.push(`${vpcId}: ${name} is allowed by rule ${ruleLabel(rule)}, which trusts its CNAME chain`);
      return { findings, notes, failures: [] };
    }
    if (rule.action === 'ALLOW') notes.push(`${vpcId}: ${name} is allowed by rule ${ruleLabel(rule)}`);
  } else {
    notes.push(`${vpcId}: no DNS Firewall rule matches ${name}`);
  }
  const failures: CheckOutcome[] = [];
  for (const target of redirectionTargets(facts, vpcId)) {
    const next = decide(firewall, vpcId, target);
    if (next.kind === 'unknown') {
      const judged = unknownJudgement(vpcId, target, next, []);
      notes.push(...judged.notes);
      failures.push(...judged.failures);
    } else if (next.kind === 'match' && next.match.rule.action === 'BLOCK') {
      findings.push(blockFinding(facts, firewall, vpcId, target, next.match, name));
    }
  }
  return { findings, notes, failures };
}

function unknownJudgement(
  vpcId: string,
  name: string,
  decision: Extract<FirewallDecision, { kind: 'unknown' }>,
  notes: string[],
): VpcJudgement {
  const why = `${vpcId}: whether DNS Firewall lets ${name} through could not be decided (${decision.why})`;
  const failure = decision.failure ?? { status: 'error' as const, findings: [], reason: why };
  const reason = decision.failure ? `${why}: ${decision.failure.reason}` : why;
  return { findings: [], notes: [...notes, reason], failures: [{ ...failure, reason }] };
}

function matchEvidence(
  firewall: DnsFirewallFacts,
  vpcId: string,
  name: string,
  match: FirewallMatch,
): Evidence {
  const { association, rule, domain } = match;
  const list = rule.domainListId ? domainList(firewall, rule.domainListId) : null;
  return {
    vpcId,
    name,
    ruleGroupId: association.ruleGroupId,
    associationId: association.id,
    associationName: association.name,
    associationPriority: association.priority,
    associationStatus: association.status,
    managedOwnerName: association.managedOwnerName,
    ruleName: rule.name,
    rulePriority: rule.priority,
    ruleAction: rule.action,
    blockResponse: rule.blockResponse,
    blockOverrideDomain: rule.blockOverrideDomain,
    domainListId: rule.domainListId,
    domainListName: list?.name ?? null,
    matchedDomain: domain,
    redirectionAction: rule.redirectionAction ?? 'INSPECT_REDIRECTION_DOMAIN',
    qtype: rule.qtype,
  };
}

/** What the caller's resolver answers for a blocked name. */
function blockedAnswer(rule: FirewallRuleInfo): string {
  switch (rule.blockResponse) {
    case 'NODATA':
      return 'an empty answer (NODATA)';
    case 'OVERRIDE':
      return `a CNAME to ${rule.blockOverrideDomain ?? 'the override domain'} (OVERRIDE) instead of the endpoint's addresses`;
    default:
      return 'NXDOMAIN';
  }
}

function blockFinding(
  facts: Facts,
  firewall: DnsFirewallFacts,
  vpcId: string,
  name: string,
  match: FirewallMatch,
  chainedFrom: string | null,
): Finding {
  const { association, rule, domain } = match;
  const listId = rule.domainListId ?? '';
  const group = `DNS Firewall rule group ${association.ruleGroupId}${association.name ? ` (association ${association.name})` : ''}`;
  const wide = `*.${executeApiDomain(facts.region)}`;
  const allowNames = chainedFrom ? `\`${chainedFrom}\` and \`${name}\`` : `\`${name}\``;
  const text: TextFor<'DNS_FIREWALL_BLOCKS'> = {
    cause:
      `${group}, associated with ${vpcId} at priority ${association.priority}: its rule ${ruleLabel(rule)} BLOCKs ` +
      `${name}, so the VPC resolver answers ${blockedAnswer(rule)} and the caller never reaches the endpoint.`,
    explanation:
      `Domain list ${listLabel(firewall, listId)} holds \`${domain}\`.` +
      (chainedFrom
        ? ` ${chainedFrom} is a CNAME to ${name} (when its record is a CNAME, as the {api}-{vpce} alias is), and the ` +
          'rule inspects every name of the chain (INSPECT_REDIRECTION_DOMAIN).'
        : ''),
    fix:
      `Let the name through before that rule: put \`${wide}\` (or ${allowNames}) in a domain list ` +
      `(\`aws route53resolver create-firewall-domain-list --name execute-api --creator-request-id …\`, then ` +
      `\`aws route53resolver update-firewall-domains --firewall-domain-list-id <its id> --operation ADD --domains ` +
      `'${wide}'\`) and ALLOW it with a priority number lower than ${rule.priority} in ${association.ruleGroupId} ` +
      `(\`aws route53resolver create-firewall-rule --firewall-rule-group-id ${association.ruleGroupId} ` +
      `--firewall-domain-list-id <its id> --priority <below ${rule.priority}> --action ALLOW --name allow-execute-api ` +
      `--creator-request-id …${chainedFrom ? ' --firewall-domain-redirection-action TRUST_REDIRECTION_DOMAIN' : ''}\`), ` +
      `or in a rule group associated with ${vpcId} at a priority number below ${association.priority}` +
      (domain === '*'
        ? '.'
        : `; or remove \`${domain}\` from the list (\`aws route53resolver update-firewall-domains ` +
          `--firewall-domain-list-id ${listId} --operation REMOVE --domains '${domain}'\`) if nothing else needs it blocked.`),
    shortFix: `Allow ${wide} in DNS Firewall before rule ${ruleLabel(rule)}.`,
    ...(association.managedOwnerName
      ? {
          caveat: `The association is managed by ${association.managedOwnerName}: make the change in its policy (AWS Firewall Manager), not in the account.`,
        }
      : {}),
    resources: [vpcId, association.ruleGroupId, association.id, listId].filter(Boolean),
  };
  return finding(
    'DNS_FIREWALL_BLOCKS',
    text,
    { ...matchEvidence(firewall, vpcId, name, match), ...(chainedFrom ? { chainedFrom } : {}) },
    { severity: chainedFrom ? 'warning' : 'error' },
  );
}

function alertFinding(
  _facts: Facts,
  firewall: DnsFirewallFacts,
  vpcId: string,
  name: string,
  match: FirewallMatch,
): Finding {
  const { association, rule, domain } = match;
  const text: TextFor<'DNS_FIREWALL_ALERTS'> = {
    cause:
      `DNS Firewall rule ${ruleLabel(rule)} of rule group ${association.ruleGroupId} (associated with ${vpcId} at ` +
      `priority ${association.priority}) matches ${name} with action ALERT: the name is answered normally and each ` +
      'lookup is logged as an alert in the Resolver query logs — no effect on the call.',
    explanation: `Domain list ${listLabel(firewall, rule.domainListId ?? '')} holds \`${domain}\`.`,
    fix: null,
    resources: [vpcId, association.ruleGroupId, rule.domainListId ?? ''].filter(Boolean),
  };
  return finding('DNS_FIREWALL_ALERTS', text, matchEvidence(firewall, vpcId, name, match));
}
