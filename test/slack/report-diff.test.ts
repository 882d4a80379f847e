import { describe, expect, it } from 'vitest';
import { diffReports } from '../../src/slack/report-diff.js';
import { finding, report } from './fixtures.js';

describe('diffReports', () => {
  it('sorts findings into fixed, new and unchanged by check and code', () => {
    const before = report([finding('POLICY_DENIES_VPCE'), finding('EXECUTION_LOGGING_DISABLED')]);
    const after = report([finding('EXECUTION_LOGGING_DISABLED'), finding('VPCE_SINGLE_AZ')]);

    const diff = diffReports(before, after);

    expect(diff.fixed.map((f) => f.code)).toEqual(['POLICY_DENIES_VPCE']);
    expect(diff.appeared.map((f) => f.code)).toEqual(['VPCE_SINGLE_AZ']);
    expect(diff.unchanged.map((f) => f.code)).toEqual(['EXECUTION_LOGGING_DISABLED']);
    expect([diff.verdictBefore, diff.verdictAfter]).toEqual(['broken', 'degraded']);
  });
});
