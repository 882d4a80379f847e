// A fix's lock is taken in the account the fix acts in: the lock key and the remediator agree on that account
// (one rule, remediator.ts's actingAccount), with the report's account when the target names none.

import { describe, expect, it } from 'vitest';
import { actingAccount } from '../../src/remediation/remediator.js';
import { fixLockKey } from '../../src/remediation/service.js';
import type { FixId, FixTarget } from '../../src/remediation/types.js';

const TARGET: FixTarget = { apiId: 'a1b2c3d4e5', region: 'us-east-1', stage: 'prod', vpceId: 'vpce-0aaa' };
const REPORT_ACCOUNT = '111111111111';
const CONSUMER = '222222222222';

describe('the account of a fix lock', () => {
  it.each<[FixId, FixTarget, string]>([
    ['enable-private-dns', { ...TARGET, endpointAccountId: CONSUMER }, CONSUMER],
    ['enable-private-dns', TARGET, REPORT_ACCOUNT],
    ['redeploy-stage', { ...TARGET, endpointAccountId: CONSUMER }, REPORT_ACCOUNT],
    ['enable-logging', TARGET, REPORT_ACCOUNT],
  ])('%s on %o locks in %s, the account it acts in', (fix, target, account) => {
    const key = fixLockKey(fix, target, REPORT_ACCOUNT);
    expect(key.split(':')[2]).toBe(account);
    expect(actingAccount(fix, { ...target, accountId: REPORT_ACCOUNT })).toBe(account);
  });
});
