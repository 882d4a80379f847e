// The private custom domain name the caller uses (domain-reference A2 #24, the seed article's causes 5 and 6): it
// must exist as a PRIVATE domain of this account, be associated with the caller's VPC endpoint (a domain name
// access association), let the endpoint in through its own execute-api policy, and map the URL's base path to
// this API and stage — or, when its routing mode says so, have a routing rule that does (domain-routing-rules.ts).
// The mapped API's own resource policy is judged by the resource-policy check as usual.

import type {
  BasePathMappingInfo,
  CustomDomainFacts,
  DomainAccessAssociationInfo,
  DomainNameInfo,
  Facts,
} from '../facts.js';
import { privateDomainNamed, routesByRules } from '../gather.js';
import { evaluatePolicy, PolicyParseError, parsePolicy } from '../policy/index.js';
import type { Finding } from '../types.js';
import { type Check, type CheckOutcome, couldNotRun, describeFailure, finding, statusFor } from './check.js';
import { associationAgeFindings } from './domain-association-age.js';
import { routingRuleVerdict } from './domain-routing-rules.js';
import { callerEndpointsInRegion, callerRequestContext, statementLabel } from './resource-policy.js';

const ROOT_MAPPING = '(none)';

export const customDomainCheck: Check = {
  id: 'custom-domain',
  run(facts: Facts): CheckOutcome {
    const custom = facts.customDomain;
    if (!custom) {
      return {
        status: 'skipped',
        findings: [],
        reason: 'no custom domain name was given (pass a custom-domain URL or --domain)',
      };
    }
    if (!custom.domains.ok) return couldNotRun('custom-domain', 'Custom domain names', custom.domains.error);
    const listed = privateDomainNamed(custom.domains.value, custom.name);
    if (!listed) return notFound(facts, custom);

    const domain = custom.domain?.ok ? custom.domain.value : listed;
    const notes: string[] = [];
    if (custom.domain && !custom.domain.ok) {
      notes.push(
        `GetDomainName failed (${describeFailure(custom.domain.error)}); the domain list's copy was judged instead`,
      );
    }
    const age = associationAgeFindings(facts, custom, domain);
    if (age.note) notes.push(age.note);
    const routing = { readFailed: false };
    const findings: Finding[] = [
      ...statusFindings(domain),
      ...associationFindings(facts, custom, domain, notes),
      ...age.findings,
      ...policyFindings(facts, domain, notes),
      ...mappingFindings(facts, custom, domain, notes, routing),
    ];
    notes.unshift(
      `domain ${domain.domainName} (id ${domain.domainNameId ?? 'unknown'}, routing ${domain.routingMode ?? 'BASE_PATH_MAPPING_ONLY'}); ` +
        `managementPolicy ${domain.managementPolicy ? 'set (governs access associations from other accounts)' : 'not set'}`,
    );
    const status = statusFor(findings);
    // A young association or a routing rule could not be ruled out: what passed is only "nothing found in what
    // was read".
    const unconfirmed = age.readFailed || routing.readFailed;
    return {
      status: unconfirmed && status === 'pass' ? 'warn' : status,
      findings,
      reason: notes.join('; '),
    };
  },
};

function notFound(facts: Facts, custom: CustomDomainFacts): CheckOutcome {
  const domains = custom.domains.ok ? custom.domains.value : [];
  const sameName = domains.filter((d) => d.domainName.toLowerCase() === custom.name.toLowerCase());
  const publicNote =
    sameName.length > 0
      ? ` A ${sameName.map((d) => d.endpointTypes.join('/')).join(', ')} domain of that name exists: it is a ` +
        'public custom domain, which a private API cannot be mapped to.'
      : '';
  const found = finding(
    'DOMAIN_NOT_FOUND',
    {
      cause: `This account has no PRIVATE custom domain name ${custom.name} in ${facts.region}.`,
      explanation: publicNote.trim(),
      fix:
        'Check the name and region, or — if another account owns the domain and shared it through AWS RAM — ' +
        'diagnose from that account. Create one with `aws apigateway create-domain-name --domain-name ' +
        `${custom.name} --endpoint-configuration types=PRIVATE --certificate-arn <acm-arn> --policy file://policy.json\`.`,
      resources: [custom.name],
    },
    {
      domainName: custom.name,
      region: facts.region,
      sameNameDomains: sameName.map((d) => ({
        endpointTypes: d.endpointTypes,
        domainNameId: d.domainNameId,
      })),
      privateDomainsInAccount: domains
        .filter((d) => d.endpointTypes.includes('PRIVATE'))
        .map((d) => d.domainName)
        .slice(0, 20),
    },
  );
  return { status: statusFor([found]), findings: [found] };
}

function statusFindings(domain: DomainNameInfo): Finding[] {
  const quoted = domain.statusMessage ? ` ("${domain.statusMessage}")` : '';
  const status = domain.status?.toUpperCase() ?? 'AVAILABLE';
  if (status === 'AVAILABLE') return [];
  const failed = status === 'FAILED';
  return [
    finding(
      'DOMAIN_STATUS_NOT_AVAILABLE',
      failed
        ? {
            cause: `Custom domain ${domain.domainName} reports status ${status}${quoted}: it does not serve requests.`,
            fix: 'Fix what the message names (certificate, ownership) and update the domain.',
            resources: [domain.domainName],
          }
        : {
            cause:
              `Custom domain ${domain.domainName} reports status ${status}${quoted}: a change (certificate, ` +
              'security policy, access mode) is still being applied.',
            fix: 'Wait until it is AVAILABLE, then re-run.',
            resources: [domain.domainName],
          },
      {
        domainName: domain.domainName,
        domainNameStatus: status,
        domainNameStatusMessage: domain.statusMessage,
        securityPolicy: domain.securityPolicy,
        endpointAccessMode: domain.endpointAccessMode,
      },
      { severity: failed ? 'error' : 'warning' },
    ),
  ];
}

function associationFindings(
  facts: Facts,
  custom: CustomDomainFacts,
  domain: DomainNameInfo,
  notes: string[],
): Finding[] {
  if (!custom.accessAssociations.ok) {
    notes.push(`access associations could not be read (${describeFailure(custom.accessAssociations.error)})`);
    return [];
  }
  const mine = custom.accessAssociations.value.filter((a) => a.domainNameArn === domain.domainNameArn);
  const callers = callerEndpointsInRegion(facts);
  if (callers.length === 0) {
    notes.push(
      `${mine.length} access association(s): ${sources(mine).join(', ') || 'none'}; no caller endpoint is known (pass --vpce or --vpc)`,
    );
    return [];
  }
  const missing = callers.filter((c) => !mine.some((a) => a.source === c.endpoint.id));
  return missing.map((caller) =>
    finding(
      'DOMAIN_ACCESS_ASSOCIATION_MISSING',
      {
        cause:
          `Custom domain ${domain.domainName} has no domain name access association with ${caller.endpoint.id} ` +
          `(VPC ${caller.vpcId}), so API Gateway refuses calls through that endpoint (403).`,
        explanation: `It is associated with: ${sources(mine).join(', ') || 'no endpoint'}.`,
        fix:
          'Associate it: `aws apigateway create-domain-name-access-association --domain-name-arn ' +
          `${domain.domainNameArn ?? '<domain-arn>'} --access-association-source ${caller.endpoint.id} ` +
          `--access-association-source-type VPCE --region ${facts.region}\` (from another account, the domain's ` +
          'managementPolicy must allow apigateway:CreateAccessAssociation).',
        shortFix: `Associate the domain with ${caller.endpoint.id} (a domain name access association of type VPCE).`,
        caveat: 'A new association can take a few minutes before calls succeed.',
        resources: [domain.domainName, caller.endpoint.id, caller.vpcId],
      },
      {
        domainName: domain.domainName,
        domainNameArn: domain.domainNameArn,
        vpceId: caller.endpoint.id,
        vpcId: caller.vpcId,
        associatedVpceIds: sources(mine),
        managementPolicy: domain.managementPolicy,
      },
    ),
  );
}

function sources(associations: DomainAccessAssociationInfo[]): string[] {
  return associations.flatMap((a) => (a.source ? [a.source] : []));
}

/** `arn:aws:execute-api:{region}:{account}:/domainnames/{name}+{id}`: what the domain's policy is about. */
/**
 * The base path mapping that serves the URL, as API Gateway picks it: the one of the URL's base path, else the root
 * mapping (it serves every path no other mapping claims). With only --domain (no URL), this API's mapping.
 */
export function mappingFor(
  custom: Pick<CustomDomainFacts, 'basePath'>,
  mappings: BasePathMappingInfo[],
  apiId: string,
): { wanted: string | null; mapping: BasePathMappingInfo | null } {
  const wanted = custom.basePath === null ? null : custom.basePath === '' ? ROOT_MAPPING : custom.basePath;
  const mapping =
    wanted === null
      ? (mappings.find((m) => m.restApiId === apiId) ?? null)
      : (mappings.find((m) => m.basePath === wanted) ??
        mappings.find((m) => m.basePath === ROOT_MAPPING) ??
        null);
  return { wanted, mapping };
}

/** The mapping's base path segments: none for the root mapping. */
export function basePathSegments(mapping: BasePathMappingInfo): string[] {
  return mapping.basePath === ROOT_MAPPING ? [] : mapping.basePath.split('/');
}

export function domainInvokeArn(domain: DomainNameInfo, region: string): string {
  const account = /^arn:[\w-]+:apigateway:[\w-]*:(\d{12}):/.exec(domain.domainNameArn ?? '')?.[1] ?? '*';
  const id = domain.domainNameId ? `+${domain.domainNameId}` : '';
  return `arn:aws:execute-api:${region}:${account}:/domainnames/${domain.domainName}${id}`;
}

function policyFindings(facts: Facts, domain: DomainNameInfo, notes: string[]): Finding[] {
  const callers = callerEndpointsInRegion(facts);
  if (callers.length === 0) return [];
  const resource = domainInvokeArn(domain, facts.region);
  if (!domain.policy) {
    return callers.map((caller) =>
      policyFinding(
        facts,
        domain,
        resource,
        caller.endpoint.id,
        'it has no policy, so nothing is allowed',
        null,
      ),
    );
  }
  let doc: ReturnType<typeof parsePolicy>;
  try {
    doc = parsePolicy(domain.policy);
  } catch (error) {
    if (!(error instanceof PolicyParseError)) throw error;
    notes.push(`the domain policy could not be parsed: ${error.message}`);
    return [];
  }
  const findings: Finding[] = [];
  for (const caller of callers) {
    const decision = evaluatePolicy(doc, {
      action: 'execute-api:Invoke',
      resource,
      principal: 'anonymous',
      ...callerRequestContext(caller, facts),
      apiContext: {
        region: facts.region,
        accountId: facts.accountId,
        apiId: facts.request.apiId,
        domainArn: resource,
      },
    });
    if (decision.decision === 'allow') continue;
    if (decision.decision === 'indeterminate') {
      notes.push(
        `the domain policy for ${caller.endpoint.id} could not be decided: ${decision.notes.join('; ')}`,
      );
      continue;
    }
    const why =
      decision.decision === 'explicit-deny' && decision.statement
        ? `its ${statementLabel(decision.statement)} denies it`
        : 'no statement allows it';
    findings.push(
      policyFinding(facts, domain, resource, caller.endpoint.id, why, decision.statement?.json ?? null),
    );
  }
  return findings;
}

function policyFinding(
  facts: Facts,
  domain: DomainNameInfo,
  resource: string,
  vpceId: string,
  why: string,
  statement: unknown,
): Finding {
  return finding(
    'DOMAIN_POLICY_DENIES_VPCE',
    {
      cause:
        `The policy of custom domain ${domain.domainName} does not let ${vpceId} invoke it: ${why} ` +
        `(execute-api:Invoke on ${resource}).`,
      fix:
        'Allow the endpoint in the domain\'s policy, e.g. a statement with "Resource": ' +
        `"execute-api:/domainnames/*" and a StringEquals aws:SourceVpce condition naming ${vpceId} ` +
        `(\`aws apigateway update-domain-name --domain-name ${domain.domainName} --domain-name-id ` +
        `${domain.domainNameId ?? '<id>'} --patch-operations op=replace,path=/policy,value=<policy-json> --region ${facts.region}\`).`,
      shortFix: `Allow ${vpceId} (aws:SourceVpce) in the custom domain's policy.`,
      resources: [domain.domainName, vpceId],
    },
    { domainName: domain.domainName, domainNameId: domain.domainNameId, vpceId, resource, statement },
  );
}

/**
 * The routing rules (when the routing mode lets them decide), then — unless they decided — the base path mappings.
 * `routing.readFailed` is set when the rules could not be read.
 */
function mappingFindings(
  facts: Facts,
  custom: CustomDomainFacts,
  domain: DomainNameInfo,
  notes: string[],
  routing: { readFailed: boolean },
): Finding[] {
  const mode = domain.routingMode?.toUpperCase() ?? 'BASE_PATH_MAPPING_ONLY';
  const rules = routesByRules(mode) ? routingRuleVerdict(facts, custom, domain, mode, notes) : null;
  const rulesInfo = rules?.findings ?? [];
  if (rules?.readFailed) routing.readFailed = true;
  if (rules && !rules.fallBack) return rulesInfo;
  const severity = rules?.mappingSeverity ?? 'error';
  if (!custom.mappings) return rulesInfo;
  if (!custom.mappings.ok) {
    notes.push(`base path mappings could not be read (${describeFailure(custom.mappings.error)})`);
    return rulesInfo;
  }
  const mappings = custom.mappings.value;
  const apiId = facts.request.apiId;
  const stage = facts.stage?.stageName ?? facts.request.stage;
  const { wanted, mapping } = mappingFor(custom, mappings, apiId);
  const evidence = {
    domainName: domain.domainName,
    basePath: wanted,
    mappings: mappings.slice(0, 20).map(describeMapping),
  };
  if (!mapping) {
    const where = wanted === null ? `to API ${apiId}` : `for base path ${wanted}`;
    return [
      ...rulesInfo,
      finding(
        'DOMAIN_PATH_NOT_MAPPED',
        {
          cause:
            `Custom domain ${domain.domainName} has no base path mapping ${where}, so API Gateway answers the ` +
            'URL 403 Forbidden ("Missing Authentication Token"-like).',
          explanation: `Its mappings: ${mappings.map(describeMapping).join(', ') || 'none'}.`,
          fix:
            `Map it: \`aws apigateway create-base-path-mapping --domain-name ${domain.domainName} --domain-name-id ` +
            `${domain.domainNameId ?? '<id>'} --rest-api-id ${apiId} --stage ${stage ?? '<stage>'}` +
            `${wanted && wanted !== ROOT_MAPPING ? ` --base-path ${wanted}` : ''} --region ${facts.region}\`.`,
          resources: [domain.domainName, apiId, ...(stage ? [stage] : [])],
        },
        evidence,
        { severity },
      ),
    ];
  }
  const otherApi = mapping.restApiId !== apiId;
  const otherStage = !otherApi && stage !== null && mapping.stage !== null && mapping.stage !== stage;
  if (!otherApi && !otherStage) {
    notes.push(`base path ${mapping.basePath} maps to ${describeMapping(mapping)}`);
    return rulesInfo;
  }
  return [
    ...rulesInfo,
    finding(
      'DOMAIN_MAPPING_MISMATCH',
      {
        cause:
          `Base path ${mapping.basePath} of custom domain ${domain.domainName} maps to ${describeMapping(mapping)}, ` +
          `not to ${apiId}${stage ? `/${stage}` : ''}: calls through the domain reach ` +
          `${otherApi ? 'another API' : 'another stage'}.`,
        fix: 'Diagnose that one (re-run with its --api-id and --stage), or change the mapping.',
        resources: [domain.domainName, apiId, ...(mapping.restApiId ? [mapping.restApiId] : [])],
      },
      { ...evidence, mappedApiId: mapping.restApiId, mappedStage: mapping.stage, diagnosedStage: stage },
      { severity },
    ),
  ];
}

function describeMapping(mapping: BasePathMappingInfo): string {
  return `${mapping.basePath} → ${mapping.restApiId ?? '?'}/${mapping.stage ?? '*'}`;
}
