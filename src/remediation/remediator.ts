// The fixes of the registry as one Remediator over the reader/writer ports: each fix re-reads state, runs its
// pre-checks and makes one change. AWS failures come back as values (`aws-error`), never as exceptions, because
// the Slack adapter renders every outcome to the user; a bug (anything that is not a RemediationCallError)
// still throws.

import { refusal } from './fix.js';
import {
  RemediationCallError,
  type RemediationPorts,
  type RemediationReader,
  type RemediationWriter,
} from './ports.js';
import { fixById, isFixId } from './registry.js';
import type { Actor, ApplyResult, FixId, FixPlan, FixResult, FixTarget, Remediator } from './types.js';

/**
 * The account a fix acts in: an endpoint's owner for a fix to the endpoint (a consumer's, across accounts), the
 * API's account for a fix to its stage. Null: the bot's own account.
 */
export function actingAccount(fix: FixId, target: FixTarget): string | null {
  if (fixById(fix).changes === 'endpoint') return target.endpointAccountId ?? target.accountId ?? null;
  return target.accountId ?? null;
}

export function createRemediatorWithPorts(ports: RemediationPorts): Remediator {
  return {
    async plan(fix: FixId, target: FixTarget): Promise<FixPlan> {
      const account = actingAccount(fix, target);
      const body = await fixById(fix).plan(ports.reader(target.region, account), target);
      // Across accounts the dialog says where the change happens: the API's account or the caller's.
      const named = target.endpointAccountId != null && account !== null;
      return { fix, ...body, ...(named ? { change: `In account ${account}: ${body.change}` } : {}) };
    },

    apply(fix: FixId, target: FixTarget, actor: Actor): Promise<FixResult> {
      return run(fix, target, actor, (reader, writer) => fixById(fix).apply(reader, writer, target, actor));
    },

    undo(fix: FixId, target: FixTarget, record: string, actor: Actor): Promise<FixResult> {
      return run(fix, target, actor, (reader, writer) => {
        const undo = isFixId(fix) ? fixById(fix).undo : undefined;
        return undo
          ? undo.apply(reader, writer, target, record, actor)
          : Promise.resolve(refusal(`${fixById(fix).label} has no undo.`));
      });
    },
  };

  /** One change in the acting account, with AWS failures as values. */
  async function run(
    fix: FixId,
    target: FixTarget,
    actor: Actor,
    change: (reader: RemediationReader, writer: () => RemediationWriter) => Promise<ApplyResult>,
  ): Promise<FixResult> {
    if (!isFixId(fix)) return { outcome: 'precheck-failed', fix, reason: `Unknown fix "${String(fix)}".` };
    const account = actingAccount(fix, target);
    const reader = ports.reader(target.region, account);
    const writer = () => ports.writer(target.region, actor, account);
    try {
      const result = await change(reader, writer);
      // Only the words of the audit line hang on it: a failure to tell leaves the session unknown.
      const session = ports.writeSession
        ? await ports.writeSession(actor, account).then(
            (roleSessionName) => ({ roleSessionName }),
            () => ({}),
          )
        : {};
      return { fix, ...result, ...session };
    } catch (error) {
      if (error instanceof RemediationCallError) {
        return { outcome: 'aws-error', fix, message: error.message, requestId: error.requestId };
      }
      throw error;
    }
  }
}
