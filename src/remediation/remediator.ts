// The fixes of the registry as one Remediator over the reader/writer ports: each fix re-reads state, runs its
// pre-checks and makes one change. AWS failures come back as values (`aws-error`), never as exceptions, because
// the Slack adapter renders every outcome to the user; a bug (anything that is not a RemediationCallError)
// still throws.

import { RemediationCallError, type RemediationPorts } from './ports.js';
import { fixById, isFixId } from './registry.js';
import type { Actor, FixId, FixPlan, FixResult, FixTarget, Remediator } from './types.js';

export function createRemediatorWithPorts(ports: RemediationPorts): Remediator {
  return {
    async plan(fix: FixId, target: FixTarget): Promise<FixPlan> {
      const body = await fixById(fix).plan(ports.reader(target.region), target);
      return { fix, ...body };
    },

    async apply(fix: FixId, target: FixTarget, actor: Actor): Promise<FixResult> {
      if (!isFixId(fix)) return { outcome: 'precheck-failed', fix, reason: `Unknown fix "${String(fix)}".` };
      const reader = ports.reader(target.region);
      const writer = () => ports.writer(target.region, actor);
      try {
        return { fix, ...(await fixById(fix).apply(reader, writer, target, actor)) };
      } catch (error) {
        if (error instanceof RemediationCallError) {
          return { outcome: 'aws-error', fix, message: error.message, requestId: error.requestId };
        }
        throw error;
      }
    },
  };
}
