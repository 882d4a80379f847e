// Was the resource policy changed after the stage's deployment was created? API Gateway enforces the policy of
// the deployment, so a saved change does nothing until the stage is redeployed (domain-reference A4, "Redeploy
// requirement"). Evidence comes from CloudTrail's event history (UpdateRestApi with a `/policy` patch), which is
// history: the check is supplementary, and when it cannot run the verdict is at most degraded.

import type { DeploymentInfo, Facts, RestApiUpdate, RestApiUpdateHistory } from '../facts.js';
import type { Finding } from '../types.js';
import { privateApiOrOutcome } from './api.js';
import { type Check, type CheckOutcome, couldNotRun, finding, statusFor, withCaveat } from './check.js';

const POLICY_PATH = '/policy';
/** The default-endpoint switch: like the policy, it takes effect only when the stage is redeployed. */
export const DISABLE_EXECUTE_API_PATH = '/disableExecuteApiEndpoint';
/** Later changes listed in the evidence beyond the latest one. */
const MAX_LISTED_CHANGES = 5;
const SUPPLEMENTARY_NOTE = 'CloudTrail history is supplementary, so it cannot clear the API';

export const deploymentCheck: Check = {
  id: 'deployment',
  // Without the stages there is no deployment to compare with: unread stages are not "no stage" (issue 11).
  needs: ['stages'],
  // A denial logged after the policy change makes POLICY_NOT_DEPLOYED an error rather than a warning.
  uses: ['logs'],
  run(facts: Facts): CheckOutcome {
    const read = privateApiOrOutcome(facts);
    if ('outcome' in read) return read.outcome;
    const stage = facts.stage;
    if (!stage) return skipped('no stage was chosen, so there is no deployment to compare the policy with');
    if (!stage.deploymentId) return skipped(`stage ${stage.stageName} points at no deployment`);
    const { deployment, restApiUpdates } = facts;
    if (!deployment || !restApiUpdates)
      return skipped('the deployment and CloudTrail history were not gathered');
    if (!deployment.ok) {
      return couldNotRun(
        'deployment',
        `Deployment ${stage.deploymentId} of stage ${stage.stageName}`,
        deployment.error,
      );
    }
    if (!restApiUpdates.ok) {
      const outcome = couldNotRun('deployment', 'CloudTrail event history', restApiUpdates.error);
      return { ...outcome, reason: `${outcome.reason}; ${SUPPLEMENTARY_NOTE}` };
    }
    const history = restApiUpdates.value;
    const deployedMs = Date.parse(deployment.value.createdDate ?? '');
    if (Number.isNaN(deployedMs)) {
      return {
        status: 'error',
        findings: [],
        reason: `GetDeployment gave no creation date for deployment ${deployment.value.id}; ${SUPPLEMENTARY_NOTE}`,
      };
    }
    return judge(facts, stage.stageName, deployment.value, deployedMs, history);
  },
};

function judge(
  facts: Facts,
  stageName: string,
  deployment: DeploymentInfo,
  deployedMs: number,
  history: RestApiUpdateHistory,
): CheckOutcome {
  const later = updatesAfter(history, deployedMs);
  const policyChanges = withPath(later, POLICY_PATH);
  const unreadable = later.filter((u) => u.patchPaths === null);
  const notes = [...coverageNotes(history, deployedMs), ...unreadableNotes(unreadable)];
  const findings: Finding[] = [
    ...(policyChanges.length > 0 ? [policyFinding(facts, stageName, deployment, policyChanges)] : []),
    ...defaultEndpointFindings(facts, stageName, deployment, withPath(later, DISABLE_EXECUTE_API_PATH)),
  ];

  if (findings.length === 0) {
    return {
      status: 'pass',
      findings: [],
      reason: [
        `no resource-policy or default-endpoint change on ${facts.request.apiId} in CloudTrail since deployment ` +
          `${deployment.id} of stage ${stageName} was created (${deployment.createdDate})`,
        ...notes,
      ].join('; '),
    };
  }
  return {
    status: statusFor(findings),
    findings,
    ...(notes.length > 0 ? { reason: notes.join('; ') } : {}),
  };
}

/** Strictly later: a change in the same second as the deployment (a tool saving, then deploying) is not flagged. */
function updatesAfter(
  history: Extract<RestApiUpdateHistory, { state: 'read' }>,
  deployedMs: number,
): RestApiUpdate[] {
  return history.updates.filter((u) => Date.parse(u.eventTime) > deployedMs);
}

function withPath(updates: RestApiUpdate[], path: string): RestApiUpdate[] {
  return updates.filter((u) => u.patchPaths?.some((p) => p.toLowerCase() === path.toLowerCase()));
}

/**
 * The UpdateRestApi calls that patched `path` after the chosen stage's deployment was created (saved, not live),
 * or none when the deployment or the CloudTrail history is not at hand. Shared with the endpoint-access check.
 */
export function settingChangesNotDeployed(facts: Facts, path: string): RestApiUpdate[] {
  const { deployment, restApiUpdates } = facts;
  if (!deployment?.ok || !restApiUpdates?.ok || restApiUpdates.value.state !== 'read') return [];
  const deployedMs = Date.parse(deployment.value.createdDate ?? '');
  if (Number.isNaN(deployedMs)) return [];
  return withPath(updatesAfter(restApiUpdates.value, deployedMs), path);
}

function policyFinding(
  facts: Facts,
  stageName: string,
  deployment: DeploymentInfo,
  policyChanges: RestApiUpdate[],
): Finding {
  const found = notDeployedFinding(facts, stageName, deployment, policyChanges);
  const latestChangeMs = Math.max(...policyChanges.map((u) => Date.parse(u.eventTime)));
  const seen = denialsSince(facts, latestChangeMs);
  if (seen.length > 0) return { ...found, evidence: { ...found.evidence, denialsSinceChange: seen } };
  // A stale deployment is a fact; that it is what callers hit is proven only by a denial after the change.
  // Without one this is a warning: the older policy may well have let the caller in too.
  return {
    ...withCaveat(
      found,
      'No denial has been seen since the change (execution logs, in-VPC probe), so this may not be what callers ' +
        'hit; if they get 403 while the saved policy allows them, it is.',
    ),
    severity: 'warning',
  };
}

/**
 * The default endpoint was turned back ON after the deployment: the stage still refuses execute-api hostnames
 * until it is redeployed. (Turned OFF and not deployed is reported by the endpoint-access check as a warning.)
 */
function defaultEndpointFindings(
  facts: Facts,
  stageName: string,
  deployment: DeploymentInfo,
  changes: RestApiUpdate[],
): Finding[] {
  const api = facts.restApi.ok ? facts.restApi.value : null;
  if (changes.length === 0 || api === null || api.disableExecuteApiEndpoint) return [];
  const latest = newestFirst(changes)[0] as RestApiUpdate;
  const usesExecuteApi = ['private-dns', 'vpce-alias', 'vpce-hostname'].includes(facts.urlForm);
  const severity = usesExecuteApi ? 'error' : facts.urlForm === 'none' ? 'warning' : 'info';
  return [
    finding(
      'DEFAULT_ENDPOINT_CHANGE_NOT_DEPLOYED',
      {
        cause:
          `The default execute-api endpoint of ${api.id} was turned back on by ${latest.actorArn ?? 'an unknown caller'} ` +
          `at ${latest.eventTime} (CloudTrail event ${latest.eventId}, UpdateRestApi on ${DISABLE_EXECUTE_API_PATH}), ` +
          `after deployment ${deployment.id} of stage ${stageName} was created (${deployment.createdDate}): the ` +
          'setting takes effect on deployment, so the stage still answers execute-api hostnames 403 Forbidden.',
        fix: `Redeploy the stage (create a deployment for ${stageName}).`,
        resources: [api.id, stageName, deployment.id],
      },
      {
        apiId: api.id,
        stage: stageName,
        deploymentId: deployment.id,
        deploymentCreatedDate: deployment.createdDate,
        eventId: latest.eventId,
        eventTime: latest.eventTime,
        changedBy: latest.actorArn,
        savedDisableExecuteApiEndpoint: false,
        urlForm: facts.urlForm,
      },
      { severity },
    ),
  ];
}

function newestFirst(changes: RestApiUpdate[]): RestApiUpdate[] {
  return [...changes].sort((a, b) => Date.parse(b.eventTime) - Date.parse(a.eventTime));
}

const DENIAL = /is not authorized to perform: execute-api:Invoke/i;

/** Denials of execute-api:Invoke observed after `sinceMs`: execution-log lines and the probe's 403 answers. */
function denialsSince(facts: Facts, sinceMs: number): string[] {
  const fromLogs =
    facts.logs?.ok === true
      ? facts.logs.value.events
          .filter((e) => e.timestamp > sinceMs && DENIAL.test(e.message))
          .map((e) => `execution log ${new Date(e.timestamp).toISOString()}: ${e.message.slice(0, 300)}`)
      : [];
  const fromProbe =
    facts.probe.state === 'ran'
      ? facts.probe.result.http
          .filter((h) => h.status === 403 && DENIAL.test(h.message ?? ''))
          .map((h) => `probe ${h.url} (request id ${h.requestId ?? 'unknown'}): ${h.message}`)
      : [];
  return [...fromLogs, ...fromProbe].slice(0, 3);
}

function notDeployedFinding(
  facts: Facts,
  stageName: string,
  deployment: DeploymentInfo,
  changes: RestApiUpdate[],
): Finding {
  // CloudTrail answers newest first, but sort anyway: the latest change is the one the redeploy must ship.
  const sorted = newestFirst(changes);
  const latest = sorted[0] as RestApiUpdate;
  const who = latest.actorArn ?? 'an unknown caller';
  const count = changes.length === 1 ? 'was changed' : `was changed ${changes.length} times`;
  return finding(
    'POLICY_NOT_DEPLOYED',
    {
      cause:
        `The resource policy of ${facts.request.apiId} ${count} after deployment ${deployment.id} of stage ` +
        `${stageName} was created (${deployment.createdDate}): the latest change was by ${who} at ` +
        `${latest.eventTime} (CloudTrail event ${latest.eventId}, UpdateRestApi on ${POLICY_PATH}).`,
      explanation:
        'API Gateway enforces the policy of the deployment, so the stage still runs the older policy.',
      fix:
        'Redeploy the stage to make the saved policy live: `aws apigateway create-deployment --rest-api-id ' +
        `${facts.request.apiId} --region ${facts.region} --stage-name ${stageName}\`.`,
      shortFix: `Redeploy stage ${stageName} to make the saved policy live.`,
      resources: [facts.request.apiId, stageName, deployment.id],
    },
    {
      apiId: facts.request.apiId,
      stage: stageName,
      deploymentId: deployment.id,
      deploymentCreatedDate: deployment.createdDate,
      eventId: latest.eventId,
      eventTime: latest.eventTime,
      eventName: 'UpdateRestApi',
      changedBy: latest.actorArn,
      patchPaths: latest.patchPaths,
      ...(sorted.length > 1
        ? {
            laterChanges: sorted.slice(1, 1 + MAX_LISTED_CHANGES).map((c) => ({
              eventId: c.eventId,
              eventTime: c.eventTime,
              changedBy: c.actorArn,
            })),
          }
        : {}),
    },
    { check: 'deployment' },
  );
}

/** What part of the history since the deployment this one lookup could not see. */
function coverageNotes(history: RestApiUpdateHistory, deployedMs: number): string[] {
  const notes: string[] = [];
  if (deployedMs < history.startMs) {
    notes.push(
      `the deployment is older than the CloudTrail event history read (from ${iso(history.startMs)}): ` +
        'an earlier policy change would not show',
    );
  }
  if (history.truncated && history.oldestEventMs !== null && history.oldestEventMs > deployedMs) {
    notes.push(
      `only the ${history.eventsRead} newest UpdateRestApi events of the region were read (back to ` +
        `${iso(history.oldestEventMs)}): an older change since the deployment would not show`,
    );
  }
  return notes;
}

function unreadableNotes(unreadable: RestApiUpdate[]): string[] {
  if (unreadable.length === 0) return [];
  return [
    `${unreadable.length} UpdateRestApi call(s) since the deployment do not show their patch operations ` +
      `(${unreadable.map((u) => u.eventId).join(', ')}): if one changed the policy, redeploy the stage`,
  ];
}

function skipped(reason: string): CheckOutcome {
  return { status: 'skipped', findings: [], reason };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
