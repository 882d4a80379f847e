// Does the REST API exist in this region, and is it private? Every other check depends on this answer.

import type { Facts, RestApiInfo } from '../facts.js';
import { accountFindings } from './accounts.js';
import { type Check, type CheckOutcome, couldNotRun, describeFailure, finding, statusFor } from './check.js';

export const apiCheck: Check = {
  id: 'api',
  run(facts) {
    const read = readApi(facts);
    const note = read.reason === undefined ? foundNote(facts) : undefined;
    const outcome = note ? { ...read, reason: note } : read;
    const accounts = accountFindings(facts);
    if (accounts.length === 0) return outcome;
    const findings = [...outcome.findings, ...accounts];
    // An API that no readable account has, while some account could not be read: the accounts are the answer.
    if (facts.accounts.producer === null && !facts.restApi.ok && facts.restApi.error.kind !== 'not-found') {
      return { status: 'error', findings: accounts, reason: facts.restApi.error.message };
    }
    return { ...outcome, findings, status: outcome.status === 'error' ? 'error' : statusFor(findings) };
  },
};

/** Where the API was found, for the check's note: the user can verify which account was read. */
function foundNote(facts: Facts): string | undefined {
  const { accounts } = facts;
  if (!accounts.multiAccount || accounts.producer === null) return undefined;
  const how =
    accounts.producerFoundBy === 'hint'
      ? 'named with --account'
      : accounts.producerFoundBy === 'memory'
        ? 'where an earlier diagnosis found it'
        : `found by searching ${accounts.searched.length} account(s)`;
  return `REST API ${facts.request.apiId} is in account ${accounts.producer} (${how})`;
}

function readApi(facts: Facts): CheckOutcome {
  const { restApi, region } = facts;
  const apiId = facts.request.apiId;
  const named = facts.request.accountId;
  if (named && !facts.accounts.multiAccount && facts.accountId !== null && named !== facts.accountId) {
    return {
      status: 'error',
      findings: [],
      reason:
        `--account ${named} is not the account of these credentials (${facts.accountId}), and no other account is ` +
        'configured: set APIGW_DIAGNOSE_ROLE and APIGW_DIAGNOSE_ACCOUNTS to read it (docs/accounts.md)',
    };
  }
  if (!restApi.ok) {
    if (restApi.error.kind !== 'not-found') return couldNotRun('api', `REST API ${apiId}`, restApi.error);
    const searched = facts.accounts.multiAccount ? facts.accounts.searched : [];
    const found = finding(
      'API_NOT_FOUND',
      {
        cause:
          searched.length > 0
            ? `No REST API ${apiId} in ${region} in any of the ${searched.length} account(s) searched (${searched.join(', ')}).`
            : `GetRestApi found no REST API ${apiId} in ${region}.`,
        fix:
          'Check the id, or re-run with --region <region> if the API lives in another region (an invoke URL ' +
          'names its region).' +
          (searched.length > 0
            ? ' If it lives in another account, add that account to APIGW_DIAGNOSE_ACCOUNTS.'
            : ' If it lives in another account, let the tool read that account (APIGW_DIAGNOSE_ROLE and ' +
              'APIGW_DIAGNOSE_ACCOUNTS, see docs/accounts.md).'),
        resources: [apiId],
      },
      { apiId, region, ...(searched.length > 0 ? { accountsSearched: searched } : {}) },
    );
    return { status: statusFor([found]), findings: [found] };
  }
  if (isPrivateApi(restApi.value)) return { status: 'pass', findings: [] };
  const types = restApi.value.endpointTypes;
  const info = finding(
    'API_NOT_PRIVATE',
    {
      cause:
        `REST API ${apiId} in ${region} has endpoint type ${types.join(', ') || '(none)'}, not PRIVATE: the ` +
        'private-API checks (endpoint, policy, security groups) do not apply; only private-DNS shadowing does.',
      fix: null,
      resources: [apiId],
    },
    { apiId, region, endpointTypes: types },
  );
  return { status: statusFor([info]), findings: [info] };
}

export function isPrivateApi(api: RestApiInfo): boolean {
  return api.endpointTypes.some((type) => type.toUpperCase() === 'PRIVATE');
}

/**
 * The REST API for checks that depend on it, or the outcome they report when it could not be read. The api
 * check already reports the failure itself (and any AWS_PERMISSION_MISSING), so dependants add no finding.
 */
export function restApiOrOutcome(facts: Facts): { api: RestApiInfo } | { outcome: CheckOutcome } {
  const { restApi } = facts;
  if (restApi.ok) return { api: restApi.value };
  if (restApi.error.kind === 'not-found') {
    return {
      outcome: {
        status: 'skipped',
        findings: [],
        reason: `REST API ${facts.request.apiId} does not exist in ${facts.region}`,
      },
    };
  }
  return {
    outcome: {
      status: 'error',
      findings: [],
      reason: `REST API ${facts.request.apiId} could not be read (${restApi.error.operation}: ${describeFailure(restApi.error)})`,
    },
  };
}

/** restApiOrOutcome, narrowed to private APIs: a public API makes the calling check 'skipped'. */
export function privateApiOrOutcome(facts: Facts): { api: RestApiInfo } | { outcome: CheckOutcome } {
  const read = restApiOrOutcome(facts);
  if ('outcome' in read || isPrivateApi(read.api)) return read;
  return {
    outcome: {
      status: 'skipped',
      findings: [],
      reason: `REST API ${read.api.id} is ${read.api.endpointTypes.join(', ')}, not PRIVATE`,
    },
  };
}
