// The remediation service: everything about running a fix that is not about one channel's user interface.
// It decides — and returns as values, for an adapter (Slack) to render — which fixes a report can offer and
// with which plan, whether a request is a repeat, whether the user may run fixes, whether the target has what
// the fix needs, the exactly-once lock per change in AWS (across replicas, through the state store), the
// "just applied" window, and the result. It imports nothing from Slack.

import { randomBytes } from 'node:crypto';
import type { CallCounter } from '../diagnosis/call-counter.js';
import type { Logger } from '../log.js';
import type { StateStore } from '../state/store.js';
import { FIXES, fixById, isFixId } from './registry.js';
import { actingAccount } from './remediator.js';
import type {
  Actor,
  FixId,
  FixOffer,
  FixPlan,
  FixResult,
  FixTarget,
  Remediator,
  TargetField,
} from './types.js';

/** `counter`, when given, counts the AWS reads the remediator makes (its plans), service by service. */
export type RemediatorFactory = (region: string, options?: { counter?: CallCounter }) => Remediator;

/**
 * The plans' AWS reads are counted in `counter`: the Slack flow adds them to the `stats.awsCalls` of the report
 * it posts, since the plans are read for that report, before it is posted. A read still running when its plan
 * times out was counted when it started.
 */
export interface OfferOptions {
  counter?: CallCounter;
}

export interface RemediationServiceDeps {
  remediatorFor: RemediatorFactory;
  store: StateStore;
  logger: Logger;
  /** Who may run fixes (REMEDIATION_ALLOWED_USERS). */
  allowedUsers: ReadonlySet<string>;
  /** How long a fix lock lives if the process dies while holding it. */
  lockTtlMs: number;
  /** After a fix was applied, how long a second request says "just applied" instead of applying again. */
  justAppliedWindowMs: number;
  /** How long a plan (a confirm dialog's text) may take before the dialog uses the fix's generic text. */
  planTimeoutMs: number;
  now: () => number;
}

export interface FixRequest {
  fix: FixId;
  target: FixTarget;
  /** The AWS account of the report: part of the lock, so two accounts' same-named APIs do not share one. */
  accountId: string | null;
  actor: Actor;
  /**
   * Where the request came from, opaque to the service (the adapter's own words, e.g. a Slack channel and
   * thread): kept with an undo record and handed back to the adapter that asks for the undo, to check and use.
   */
  origin?: string;
}

/** A click on the Undo of an applied fix. */
export interface UndoRequest {
  /** The reference the fix's outcome gave (`undoRef`). */
  ref: string;
  actor: Actor;
  /** Whether the undo may be run from here, given the fix's `origin` (e.g. the same channel). */
  accepts: (origin: string | null) => boolean;
}

/** Who applied a fix and when, kept for the "just applied" window. */
export interface AppliedNote {
  at: number;
  by: string;
}

export type FixOutcome =
  /** The target lacks a field the fix requires: nothing was done. */
  | { status: 'invalid'; fix: FixId; missing: TargetField[] }
  /** The user is not in the allow-list: nothing was done. */
  | { status: 'not_allowed'; fix: FixId }
  /** The same change is running now (any replica): nothing was done. */
  | { status: 'in_flight'; fix: FixId; lockKey: string }
  /** It was applied moments ago and the state shows nothing left to do (or cannot tell): not applied again. */
  | { status: 'just_applied'; fix: FixId; lockKey: string; applied: AppliedNote; windowMs: number }
  /** Applied now, or already in place; `undoRef` when the fix can be undone (UndoRequest). */
  | {
      status: 'done';
      fix: FixId;
      result: FixResult & { outcome: 'applied' | 'already-done' };
      undoRef?: string;
    }
  /** A pre-check refused, or AWS refused the change (after a step that an Undo can take back: `undoRef`). */
  | {
      status: 'failed';
      fix: FixId;
      result: FixResult & { outcome: 'precheck-failed' | 'aws-error' };
      undoRef?: string;
    };

/** What an Undo of a known fix leads to; `undo_used`: it was already undone (by `by`), nothing was done. */
type UndoOfFix =
  | { status: 'undo_used'; by: string }
  | { status: 'not_allowed' }
  | { status: 'in_flight'; lockKey: string }
  | { status: 'done'; result: FixResult & { outcome: 'applied' | 'already-done' } }
  | { status: 'failed'; result: FixResult & { outcome: 'precheck-failed' | 'aws-error' } };

/** What an Undo click leads to; `undo_unknown`: no such undo (expired, never made, or not from here). */
export type UndoOutcome =
  | { status: 'undo_unknown' }
  | ({ fix: FixId; target: FixTarget; origin: string | null } & UndoOfFix);

export interface RemediationService {
  /** The fixes of `calledFor` whose target fields are known, in registry order, each with its plan. */
  offers(calledFor: readonly FixId[], target: FixTarget, options?: OfferOptions): Promise<FixOffer[]>;
  /**
   * True for the first delivery of a request (a click, by the adapter's own id for it); false for a retry or
   * replay, which must do nothing. Remembered longer than any request the adapter accepts can be replayed.
   */
  claimRequest(requestId: string): Promise<boolean>;
  /** Allow-list, target, lock, "just applied" window, then apply. Throws only for bugs (the lock is released). */
  run(request: FixRequest): Promise<FixOutcome>;
  /** Allow-list, the same lock as the fix, once only, then the fix's own undo. */
  undo(request: UndoRequest): Promise<UndoOutcome>;
}

/** How long an applied fix can be undone from its audit line: as long as its report can be re-run. */
export const UNDO_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** An undo reference: 128 random bits, base64url. */
export const UNDO_REF = /^[A-Za-z0-9_-]{22}$/;

/** What the service keeps for an Undo. */
interface KeptUndo {
  fix: FixId;
  target: FixTarget;
  accountId: string | null;
  record: string;
  origin: string | null;
  by: string;
  /** Set once undone: who undid it. */
  undoneBy?: string;
}

/** Longer than every timestamp a signed Slack request may carry (±5 min), so a replay cannot outlast it. */
export const REQUEST_MEMORY_MS = 15 * 60 * 1000;

/** The target fields a fix requires that are missing. */
export function missingFields(fix: FixId, target: FixTarget): TargetField[] {
  return fixById(fix).requires.filter((field) => target[field] === null);
}

/**
 * One lock per change in AWS, whichever message or channel the request came from: per (account, region, API,
 * stage, fix) for a fix that changes a stage; per (account, region, endpoint, fix) for one that changes an
 * endpoint; per (account, region, API, fix) for one that changes the API (its resource policy).
 */
export function fixLockKey(fix: FixId, target: FixTarget, accountId: string | null): string {
  const changes = fixById(fix).changes;
  const resource =
    changes === 'endpoint'
      ? (target.vpceId ?? '-')
      : changes === 'api'
        ? target.apiId
        : `${target.apiId}:${target.stage ?? '-'}`;
  // The lock is in the account the fix acts in (an endpoint's owner across accounts), the report's by default.
  const account = actingAccount(fix, { ...target, accountId });
  return `fix:${fix}:${account ?? '-'}:${target.region}:${resource}`;
}

/**
 * The offer of a fix whose plan could not be read: with the generic dialog, or, for a fix whose dialog must show
 * the change itself, withheld with the reason.
 */
function unplanned(fix: FixId, why: string): FixOffer {
  const definition = fixById(fix);
  if (!definition.offeredOnlyWithPlan) return { fix, plan: null };
  return {
    fix,
    plan: {
      fix,
      change: definition.genericConfirm,
      risks: [],
      withheld: `${why}, and its dialog must show it: re-run the diagnosis.`,
    },
  };
}

function parseAppliedNote(note: string | null): AppliedNote | null {
  if (note === null) return null;
  try {
    const parsed = JSON.parse(note) as Partial<AppliedNote>;
    return typeof parsed.at === 'number' && typeof parsed.by === 'string'
      ? { at: parsed.at, by: parsed.by }
      : null;
  } catch {
    return null;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createRemediationService(deps: RemediationServiceDeps): RemediationService {
  return {
    async offers(calledFor, target, options = {}) {
      const called = new Set<string>(calledFor);
      const fixes = FIXES.filter(
        (fix) => called.has(fix.id) && missingFields(fix.id, target).length === 0,
      ).map((fix) => fix.id);
      if (fixes.length === 0) return [];
      let remediator: Remediator;
      try {
        remediator = deps.remediatorFor(target.region, options.counter ? { counter: options.counter } : {});
      } catch (err) {
        deps.logger.warn({ err }, 'could not build the remediator: confirm dialogs use generic text');
        return fixes.map((fix) => unplanned(fix, 'its change could not be read'));
      }
      const offers = await Promise.all(
        fixes.map(async (fix): Promise<FixOffer | null> => {
          try {
            const plan: FixPlan | null | undefined = await withTimeout(
              remediator.plan(fix, target),
              deps.planTimeoutMs,
            );
            // A plan of null means the fix does not apply to the current state: no offer.
            return plan ? { fix, plan } : null;
          } catch (err) {
            deps.logger.warn({ err, fix }, 'could not plan a fix: its confirm dialog uses generic text');
            return unplanned(fix, 'its change could not be read (a read failed or took too long)');
          }
        }),
      );
      return offers.filter((offer): offer is FixOffer => offer !== null);
    },

    claimRequest(requestId) {
      return deps.store.acquireLock(`click:${requestId}`, REQUEST_MEMORY_MS);
    },

    async run(request) {
      const { fix, target, accountId, actor } = request;
      const missing = missingFields(fix, target);
      if (missing.length > 0) return { status: 'invalid', fix, missing };
      if (!deps.allowedUsers.has(actor.userId)) return { status: 'not_allowed', fix };
      const lockKey = fixLockKey(fix, target, accountId);
      if (!(await deps.store.acquireLock(lockKey, deps.lockTtlMs)))
        return { status: 'in_flight', fix, lockKey };
      const noteKey = `applied:${lockKey}`;
      const justApplied = (applied: AppliedNote): FixOutcome => ({
        status: 'just_applied',
        fix,
        lockKey,
        applied,
        windowMs: deps.justAppliedWindowMs,
      });
      try {
        // Read under the lock: a request that waited for the lock sees the note the holder wrote before releasing.
        const recent = parseAppliedNote(await deps.store.readNote(noteKey));
        // Nothing in AWS tells a needed change from a repeated one: within the window, do not make it again.
        if (recent && !fixById(fix).detectsAlreadyDone) return justApplied(recent);
        // apply() re-reads the state: a fix that is still needed (e.g. logging turned off again) is applied.
        deps.logger.info({ fix, target, userId: actor.userId }, 'applying fix');
        const result = await deps.remediatorFor(target.region).apply(fix, target, actor);
        switch (result.outcome) {
          case 'applied': {
            const note: AppliedNote = { at: deps.now(), by: actor.userId };
            // The change is made: a store that fails now must not hide it (the lock's TTL still bounds repeats).
            await deps.store
              .saveNote(noteKey, JSON.stringify(note), deps.justAppliedWindowMs)
              .catch((err: unknown) => deps.logger.warn({ err, fix }, 'could not note the applied fix'));
            return { status: 'done', fix, result, ...(await keepUndo(request, result)) };
          }
          case 'already-done':
            return recent ? justApplied(recent) : { status: 'done', fix, result };
          case 'precheck-failed':
            return { status: 'failed', fix, result };
          case 'aws-error':
            return { status: 'failed', fix, result, ...(await keepUndo(request, result)) };
        }
      } finally {
        await releaseAfterChange(lockKey);
      }
    },

    async undo({ ref, actor, accepts }) {
      const key = undoKey(ref);
      const first = UNDO_REF.test(ref) ? parseKeptUndo(await deps.store.readNote(key)) : null;
      if (!first || !accepts(first.origin)) return { status: 'undo_unknown' };
      const { fix, target, origin } = first;
      const of = { fix, target, origin };
      if (!deps.allowedUsers.has(actor.userId)) return { status: 'not_allowed', ...of };
      const lockKey = fixLockKey(fix, target, first.accountId);
      if (!(await deps.store.acquireLock(lockKey, deps.lockTtlMs)))
        return { status: 'in_flight', lockKey, ...of };
      try {
        // Read again under the lock: a second click that waited for it sees the first one's mark.
        const kept = parseKeptUndo(await deps.store.readNote(key));
        if (!kept) return { status: 'undo_unknown' };
        if (kept.undoneBy) return { status: 'undo_used', by: kept.undoneBy, ...of };
        deps.logger.info({ fix, target, userId: actor.userId }, 'undoing fix');
        const result = await deps.remediatorFor(target.region).undo(fix, target, kept.record, actor);
        if (result.outcome === 'applied' || result.outcome === 'already-done') {
          // The change is made: a store that fails now must not hide it (a second Undo would find it done).
          await deps.store
            .saveNote(key, JSON.stringify({ ...kept, undoneBy: actor.userId }), UNDO_TTL_MS)
            .catch((err: unknown) => deps.logger.warn({ err, fix }, 'could not mark the undo as used'));
          return { status: 'done', result, ...of };
        }
        return { status: 'failed', result, ...of };
      } finally {
        await releaseAfterChange(lockKey);
      }
    },
  };

  /** A lock that cannot be released expires with its TTL; the outcome of the change is still reported. */
  async function releaseAfterChange(lockKey: string): Promise<void> {
    await deps.store
      .releaseLock(lockKey)
      .catch((err: unknown) => deps.logger.warn({ err, lockKey }, 'could not release the fix lock'));
  }

  /** Keeps what the fix's Undo needs, when the result carries it; the reference for the Undo button. */
  async function keepUndo(request: FixRequest, result: FixResult): Promise<{ undoRef?: string }> {
    if (!('undoRecord' in result) || result.undoRecord === undefined) return {};
    const ref = randomBytes(16).toString('base64url');
    const kept: KeptUndo = {
      fix: request.fix,
      target: request.target,
      accountId: request.accountId,
      record: result.undoRecord,
      origin: request.origin ?? null,
      by: request.actor.userId,
    };
    try {
      await deps.store.saveNote(undoKey(ref), JSON.stringify(kept), UNDO_TTL_MS);
      return { undoRef: ref };
    } catch (err) {
      // The change is made and must still be reported: without the Undo button, the audit line has its CLI undo.
      deps.logger.warn({ err, fix: request.fix }, 'could not keep the undo record: no Undo button');
      return {};
    }
  }
}

function undoKey(ref: string): string {
  return `undo:${ref}`;
}

/** The store is shared by every replica: what it returns is read as data, checked before use. */
function parseKeptUndo(note: string | null): KeptUndo | null {
  if (note === null) return null;
  try {
    const kept = JSON.parse(note) as Partial<KeptUndo>;
    const target = kept.target as Partial<FixTarget> | undefined;
    const nullableString = (value: unknown) =>
      value === undefined || value === null || typeof value === 'string';
    if (
      typeof kept.fix !== 'string' ||
      !isFixId(kept.fix) ||
      typeof kept.record !== 'string' ||
      typeof kept.by !== 'string' ||
      typeof target !== 'object' ||
      target === null ||
      typeof target.apiId !== 'string' ||
      typeof target.region !== 'string' ||
      !nullableString(target.stage) ||
      !nullableString(target.vpceId) ||
      !nullableString(target.accountId) ||
      !nullableString(kept.accountId) ||
      !nullableString(kept.origin)
    ) {
      return null;
    }
    return kept as KeptUndo;
  } catch {
    return null;
  }
}
