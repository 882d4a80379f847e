// The diagnose tool's output: the report's verdict, primary cause, fix and evidence first, and every check that
// could not run named as such — never passed over.

import { describe, expect, it } from 'vitest';
import { diagnosisOutput, summaryText } from '../../src/mcp/report-output.js';
import { brokenReport, finding, healthyReport, report } from '../slack/fixtures.js';

describe('the diagnose tool output', () => {
  it('puts the primary cause, its fix and its evidence at the top', () => {
    // Prepare
    const broken = report([
      finding('EXECUTION_LOGGING_DISABLED', { loggingLevel: 'OFF' }),
      finding('PRIVATE_DNS_DISABLED', { vpce: 'vpce-1' }, 'Private DNS is off.', 'Turn private DNS on.'),
    ]);

    // Act
    const output = diagnosisOutput(broken);

    // Assess
    expect(output).toMatchObject({
      verdict: 'broken',
      primaryCause: {
        code: 'PRIVATE_DNS_DISABLED',
        cause: 'Private DNS is off.',
        fix: 'Turn private DNS on.',
      },
      fix: 'Turn private DNS on.',
      evidence: { vpce: 'vpce-1' },
    });
    expect(output.findings.map((f) => f.code)).toEqual([
      'PRIVATE_DNS_DISABLED',
      'EXECUTION_LOGGING_DISABLED',
    ]);
  });

  it('has no primary cause, fix or evidence for a healthy API', () => {
    // Act
    const output = diagnosisOutput(healthyReport());

    // Assess
    expect(output).toMatchObject({ verdict: 'healthy', primaryCause: null, fix: null, evidence: null });
    expect(summaryText(output)).toMatch(/^HEALTHY: API a1b2c3d4e5 \(us-east-1, stage prod, vpc-/);
  });

  it('names the checks that could not run, in the structured content and in the summary', () => {
    // Prepare
    const base = brokenReport();
    const withGaps = {
      ...base,
      checks: base.checks.map((check) =>
        check.id === 'execution-logs'
          ? { ...check, status: 'error' as const, reason: 'AccessDenied: logs:FilterLogEvents' }
          : check.id === 'probe'
            ? { ...check, status: 'skipped' as const }
            : check,
      ),
    };

    // Act
    const output = diagnosisOutput(withGaps);

    // Assess
    expect(output.checksNotRun).toEqual([
      { id: 'execution-logs', status: 'error', reason: 'AccessDenied: logs:FilterLogEvents' },
      { id: 'probe', status: 'skipped', reason: '' },
    ]);
    expect(summaryText(output)).toContain(
      'Not checked: execution-logs (AccessDenied: logs:FilterLogEvents); probe (skipped)',
    );
  });
});
