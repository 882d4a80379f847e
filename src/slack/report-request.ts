// The whole request behind a report, kept in the state store so its buttons repeat exactly that diagnosis (the
// invoke URL with its path, method, domain, stage, caller, account, window, probe) whatever fits in a button
// value. The message's buttons carry only a random reference to it, signed to the message (offer-token.ts), so
// a reference copied to another message, edited or forged is refused, and any replica sharing the store can
// answer any button.

import { randomBytes } from 'node:crypto';
import { REGION, REST_API_ID } from '../command/formats.js';
import type { DiagnosisRequest, Report } from '../diagnosis/types.js';
import type { StateStore } from '../state/store.js';

/** How long a report's buttons can repeat its diagnosis: a week covers an incident and its follow-up. */
export const REPORT_REQUEST_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** A reference: 96 random bits, base64url. */
export const REQUEST_REF = /^[A-Za-z0-9_-]{16}$/;

export function newRequestRef(): string {
  return randomBytes(12).toString('base64url');
}

interface KeptRequest {
  channelId: string;
  messageTs: string;
  request: DiagnosisRequest;
}

function noteKey(ref: string): string {
  return `report-request:${ref}`;
}

/**
 * The request a re-run repeats: the one the user gave, with the region it ran in and the account the API was
 * found in (so a re-run reads that account again without searching).
 */
export function repeatableRequest(request: DiagnosisRequest, report: Report): DiagnosisRequest {
  const accountId = request.accountId ?? report.target.accountId;
  return {
    ...request,
    region: request.region ?? report.target.region,
    ...(accountId ? { accountId } : {}),
  };
}

export async function keepRequest(
  store: StateStore,
  ref: string,
  kept: KeptRequest,
  ttlMs = REPORT_REQUEST_TTL_MS,
): Promise<void> {
  await store.saveNote(noteKey(ref), JSON.stringify(kept), ttlMs);
}

export type Recalled =
  | { ok: true; request: DiagnosisRequest }
  | { ok: false; problem: 'no-reference' | 'expired' | 'other-message' };

/** The request kept under `ref` for this very message; anything else is a refusal, never a guess. */
export async function recallRequest(
  store: StateStore,
  ref: string | null,
  message: { channelId: string; messageTs: string },
): Promise<Recalled> {
  if (ref === null || !REQUEST_REF.test(ref)) return { ok: false, problem: 'no-reference' };
  const note = await store.readNote(noteKey(ref));
  if (note === null) return { ok: false, problem: 'expired' };
  const kept = parseKept(note);
  if (!kept) return { ok: false, problem: 'expired' };
  if (kept.channelId !== message.channelId || kept.messageTs !== message.messageTs) {
    return { ok: false, problem: 'other-message' };
  }
  return { ok: true, request: kept.request };
}

/** The store is shared by every replica: what it returns is read as data, checked before use. */
function parseKept(note: string): KeptRequest | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(note);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const kept = parsed as Partial<KeptRequest>;
  const request = kept.request as Partial<DiagnosisRequest> | undefined;
  if (
    typeof kept.channelId !== 'string' ||
    typeof kept.messageTs !== 'string' ||
    typeof request !== 'object' ||
    request === null ||
    typeof request.apiId !== 'string' ||
    !REST_API_ID.test(request.apiId) ||
    (request.region !== null && !(typeof request.region === 'string' && REGION.test(request.region))) ||
    typeof request.sinceMs !== 'number' ||
    typeof request.probe !== 'boolean' ||
    !Array.isArray(request.callerSecurityGroupIds)
  ) {
    return null;
  }
  return kept as KeptRequest;
}

/**
 * Whether two runs asked the same question, so comparing their reports shows only what changed in AWS. Key
 * order does not matter; a missing optional field is the same as null.
 */
export function sameRequest(a: DiagnosisRequest, b: DiagnosisRequest): boolean {
  return canonical(a) === canonical(b);
}

function canonical(request: DiagnosisRequest): string {
  const entries = Object.entries(request)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => [key, Array.isArray(value) ? [...value].sort() : value] as const)
    .sort(([x], [y]) => x.localeCompare(y));
  return JSON.stringify(entries);
}
