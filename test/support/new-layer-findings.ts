// Findings of the DNS-layer, cross-VPC and probe-request-log checks, produced by the real checks from facts, so
// the renderer tests show what a user would see (not hand-written stand-ins).

import { dnsFirewallCheck } from '../../src/diagnosis/checks/dns-firewall.js';
import { dnsRulesCheck } from '../../src/diagnosis/checks/dns-rules.js';
import { probeRequestLogsCheck } from '../../src/diagnosis/checks/probe-request-logs.js';
import { vpcEndpointCheck } from '../../src/diagnosis/checks/vpc-endpoint.js';
import type { Finding } from '../../src/diagnosis/types.js';
import {
  buildFacts,
  callerVpc,
  endpoint,
  fetchedOk,
  restApiInfo,
  seenFrom,
  stage,
} from '../diagnosis/checks/facts-builder.js';
import { probeFacts, ranProbe } from '../probe/probe-facts.js';
import { FORBIDDEN, httpStep, probeOutput } from '../probe/probe-output-fixtures.js';

export function forwardRuleFinding(): Finding {
  const outcome = dnsRulesCheck.run(
    buildFacts({
      ...seenFrom([callerVpc([endpoint()])]),
      dnsLayers: [
        {
          vpcId: 'vpc-1',
          resolverRules: fetchedOk({
            rules: [
              {
                id: 'rslvr-rr-0123456789abcdef0',
                name: 'onprem-aws',
                domainName: 'execute-api.us-east-1.amazonaws.com',
                ruleType: 'FORWARD',
                targetIps: ['10.9.0.2', '10.9.0.3'],
                ownerId: '123456789012',
                shareStatus: 'NOT_SHARED',
              },
            ],
            associationCount: 1,
            unreadRuleIds: [],
            truncated: false,
          }),
          hostedZones: fetchedOk({ zones: [], truncated: false }),
          zoneRecords: [],
        },
      ],
    }),
  );
  return outcome.findings[0] as Finding;
}

/** A walled-garden DNS Firewall (BLOCK `*` at priority 900) whose ALLOW list lacks execute-api. */
export function firewallBlockFinding(): Finding {
  const outcome = dnsFirewallCheck.run(
    buildFacts({
      ...seenFrom([callerVpc([endpoint()])]),
      dnsFirewall: {
        associations: fetchedOk({
          associations: [
            {
              id: 'rslvr-frgassoc-0a1b',
              name: 'walled-garden',
              vpcId: 'vpc-1',
              ruleGroupId: 'rslvr-frg-0123456789abcdef',
              priority: 101,
              status: 'COMPLETE',
              managedOwnerName: null,
            },
          ],
          truncated: false,
        }),
        ruleGroups: [
          {
            ruleGroupId: 'rslvr-frg-0123456789abcdef',
            rules: fetchedOk({
              rules: [
                {
                  ruleGroupId: 'rslvr-frg-0123456789abcdef',
                  name: 'block-everything-else',
                  priority: 900,
                  action: 'BLOCK',
                  domainListId: 'rslvr-fdl-0all',
                  blockResponse: 'NXDOMAIN',
                  blockOverrideDomain: null,
                  redirectionAction: null,
                  qtype: null,
                },
              ],
              truncated: false,
            }),
          },
        ],
        domainLists: fetchedOk({
          lists: [{ id: 'rslvr-fdl-0all', name: 'all-domains', managedOwnerName: null }],
          truncated: false,
        }),
        domains: [
          { domainListId: 'rslvr-fdl-0all', domains: fetchedOk({ domains: ['*'], truncated: false }) },
        ],
      },
    }),
  );
  return outcome.findings[0] as Finding;
}

export function otherVpcFinding(): Finding {
  const outcome = vpcEndpointCheck.run(
    buildFacts({
      restApi: fetchedOk(restApiInfo({ vpcEndpointIds: ['vpce-0hub'] })),
      callerVpcs: [callerVpc([], { vpcId: 'vpc-spoke' })],
      endpoints: fetchedOk([endpoint({ id: 'vpce-0hub', vpcId: 'vpc-hub' })]),
    }),
  );
  return outcome.findings[0] as Finding;
}

export function requestInLogsFinding(): Finding {
  const probe = ranProbe(probeOutput({ http: [httpStep({ ...FORBIDDEN })] }));
  const outcome = probeRequestLogsCheck.run({
    ...probeFacts(probe),
    stage: stage(),
    probeRequestLogs: fetchedOk({
      requestIds: [FORBIDDEN.requestId],
      searches: [
        {
          logGroupName: 'API-Gateway-Execution-Logs_a1b2c3d4e5/prod',
          kind: 'execution',
          exists: true,
          events: [
            {
              timestamp: 1_764_064_800_000,
              message: `(${FORBIDDEN.requestId}) User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/`,
              logStreamName: 'stream-1',
            },
          ],
        },
      ],
      attempts: 1,
      waitedMs: 0,
      notSearched: [],
    }),
  });
  return outcome.findings[0] as Finding;
}
