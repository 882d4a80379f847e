// A fix changes what a diagnosis would find. Whatever keeps diagnoses around for reuse (shared-diagnoses.ts)
// must hear of every fix, whatever its outcome, before the re-run that follows it asks for a report.

import type { FixTarget, Remediator } from './types.js';

/**
 * The same remediator, calling (and awaiting) `afterApply` once each apply or undo has finished, whatever its
 * outcome.
 */
export function withAfterApply(
  remediator: Remediator,
  afterApply: (target: FixTarget) => void | Promise<void>,
): Remediator {
  return {
    plan: (fix, target) => remediator.plan(fix, target),
    async apply(fix, target, actor) {
      try {
        return await remediator.apply(fix, target, actor);
      } finally {
        await afterApply(target);
      }
    },
    async undo(fix, target, record, actor) {
      try {
        return await remediator.undo(fix, target, record, actor);
      } finally {
        await afterApply(target);
      }
    },
  };
}
