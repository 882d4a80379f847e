// The accounts a multi-account diagnosis could not read. Each is named with what failed and the IAM change that
// makes it readable. It weighs on the verdict only when something the diagnosis looked for was not found: the
// API or a caller endpoint may be in that account. Otherwise it is information (the checks went on without it).

import type { AwsFailure, Facts } from '../facts.js';
import type { Finding } from '../types.js';
import { describeFailure, finding } from './check.js';

export function accountFindings(facts: Facts): Finding[] {
  const { accounts } = facts;
  if (!accounts.multiAccount) return [];
  const somethingMissing =
    accounts.producer === null || facts.unknownEndpointRefs.length > 0 || facts.unknownVpcRefs.length > 0;
  const severity = somethingMissing ? 'warning' : 'info';
  const consequence = somethingMissing
    ? 'What this diagnosis could not find may be there.'
    : 'Nothing this diagnosis looked for was missing, so its verdict does not depend on that account.';
  const unreadable = accounts.unreadable.map((account) =>
    finding(
      'ACCOUNT_NOT_READABLE',
      {
        cause: `Account ${account.accountId} could not be read (${account.error.operation}: ${describeFailure(account.error)}).`,
        explanation: consequence,
        fix: readFix(account.accountId, account.roleArn, account.error),
        resources: [account.accountId],
      },
      {
        accountId: account.accountId,
        roleArn: account.roleArn,
        operation: account.error.operation,
        action: account.error.action,
        failure: account.error.kind,
      },
      { severity },
    ),
  );
  const discovery = accounts.discoveryError;
  if (discovery === null) return unreadable;
  return [
    ...unreadable,
    finding(
      'ACCOUNT_NOT_READABLE',
      {
        cause: `The organisation's accounts could not be listed (${discovery.operation}: ${describeFailure(discovery)}).`,
        explanation: `Only the accounts named in APIGW_DIAGNOSE_ACCOUNTS were searched. ${consequence}`,
        fix:
          'Run the bot with a role that may call organizations:ListAccounts in the management account or a ' +
          'delegated administrator account (APIGW_DIAGNOSE_ORG_ROLE_ARN, iam/org-discovery-role.yaml), or list ' +
          'the accounts in APIGW_DIAGNOSE_ACCOUNTS.',
        resources: ['organizations:ListAccounts'],
      },
      { operation: discovery.operation, action: discovery.action, failure: discovery.kind },
      { severity },
    ),
  ];
}

function readFix(accountId: string, roleArn: string | null, error: AwsFailure): string {
  if (error.kind === 'throttled' || error.kind === 'timeout') {
    return `AWS did not answer in time (${error.kind}); re-run in a minute. Nothing needs to change.`;
  }
  if (error.action === 'sts:AssumeRole' && roleArn) {
    return (
      `Deploy the read role ${roleArn} in account ${accountId} (iam/member-account-roles.yaml) trusting the bot's ` +
      "role, and allow the bot's role sts:AssumeRole on it (iam/tooling-account-policy.json); with " +
      'APIGW_DIAGNOSE_EXTERNAL_ID set, the trust policy must require the same external id.'
    );
  }
  return (
    `Allow ${error.action} to ${roleArn ?? "the bot's role"} in account ${accountId} ` +
    '(iam/diagnosis-policy.json lists every read the diagnosis makes).'
  );
}
