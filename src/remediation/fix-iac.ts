// Every finding that offers a fix button on a resource managed by infrastructure as code also says, in its fix,
// that the button's change drifts, what reverts it, and the template change that makes it permanent (iac.ts) —
// the same words the fix's confirm dialog gives. Who manages what is the report's `target.managedBy`, read from
// tags by the diagnosis. Applied once to every report, by the engine.

import type { Ownership } from '../diagnosis/model/ownership.js';
import type { Finding, Report } from '../diagnosis/types.js';
import { endpointsOf, withFixSentences } from './fix-commands.js';
import { driftSentence } from './iac.js';
import { fixById } from './registry.js';
import type { FixId } from './types.js';

/** The resource a fix changes, with its owner, when the report knows one. */
function managedTargets(
  fix: FixId,
  finding: Finding,
  report: Report,
): { resource: string; owner: Ownership }[] {
  const managed = report.target.managedBy;
  if (!managed) return [];
  if (fixById(fix).changes === 'stage') {
    // A stage without tags of its own (one a Deployment made) belongs to the API's stack.
    const owner = managed.stage ?? managed.api;
    const stage = report.target.stage;
    if (!owner) return [];
    return [{ resource: stage ? `Stage ${stage}` : `API ${report.target.apiId}`, owner }];
  }
  return endpointsOf(finding, report).flatMap((id) => {
    const owner = managed.endpoints?.[id];
    return owner ? [{ resource: `VPC endpoint ${id}`, owner }] : [];
  });
}

function withDrift(finding: Finding, report: Report): Finding {
  const sentences = finding.remediations.flatMap((fix) =>
    managedTargets(fix, finding, report).map(
      ({ resource, owner }) => `${fixById(fix).label}: ${driftSentence(fix, owner, resource)}`,
    ),
  );
  return withFixSentences(finding, sentences);
}

/** The report with, in each finding whose fix button acts on a managed resource, the drift and the template change. */
export function withIacAdvice(report: Report): Report {
  if (!report.target.managedBy) return report;
  return { ...report, findings: report.findings.map((finding) => withDrift(finding, report)) };
}
