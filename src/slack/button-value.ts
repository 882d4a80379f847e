// What a button carries back to us: the identifiers a fix acts on (api, region, stage, vpc/vpce, accounts) and
// a reference to the whole request of the report (report-request.ts), which a re-run repeats. A click arrives
// from the network like any user input, so the value is validated field by field; anything else it might claim
// (state, plans) is re-read from AWS.

import {
  ACCOUNT_ID,
  BASE_PATH,
  DOMAIN_NAME,
  MAX_SINCE_MS,
  MIN_SINCE_MS,
  REGION,
  REST_API_ID,
  SECURITY_GROUP_ID,
  STAGE_NAME,
  VPC_ID,
  VPCE_ID,
} from '../command/formats.js';
import type { DiagnosisRequest, UrlForm } from '../diagnosis/types.js';
import type { FixTarget } from '../remediation/types.js';
import { REQUEST_REF } from './report-request.js';

export const MAX_BUTTON_VALUE = 2000;
const URL_FORMS: readonly UrlForm[] = ['private-dns', 'vpce-alias', 'vpce-hostname', 'custom-domain', 'none'];
const MAX_SECURITY_GROUPS = 10;

export interface ButtonValue {
  apiId: string;
  region: string;
  stage: string | null;
  vpcId: string | null;
  vpceId: string | null;
  securityGroupIds: string[];
  urlForm: UrlForm;
  sinceMs: number;
  probe: boolean;
  /** The AWS account of the report: part of the fix lock, so two accounts' same-named APIs do not share one. */
  accountId?: string | null;
  /** The account that owns the endpoint, when it is another account's (a consumer's): where endpoint fixes act. */
  endpointAccountId?: string | null;
  /** The custom domain name and base path the caller uses. */
  customDomain: DiagnosisRequest['customDomain'];
  /** The reference of the report's whole request in the state store: what Re-run and a fix's re-run repeat. */
  requestRef?: string | null;
  /** Fix buttons only: the fingerprint of the state the fix's plan (its dialog) was computed on. */
  basis?: string | null;
}

/** A plan's basis: a base64url fingerprint (remediation/policy-edit.ts). */
const BASIS = /^[A-Za-z0-9_-]{22}$/;

/** An offer token (offer-token.ts): base64url of a SHA-256 HMAC. */
const OFFER_TOKEN = /^[A-Za-z0-9_-]{43}$/;

interface Wire {
  v: 1;
  a: string;
  r: string;
  s: string | null;
  c: string | null;
  e: string | null;
  g: string[];
  f: UrlForm;
  t: number;
  p: boolean;
  n: string | null;
  /** The endpoint's account, when the tool reads several; absent in values of older buttons. */
  o?: string | null;
  /** Fix buttons only: the token binding this value to its message and fix. */
  k?: string;
  /** Custom domain name and base path; absent in values of older buttons. */
  d?: string;
  b?: string | null;
  /** The reference of the report's request (report-request.ts); absent in values of older buttons. */
  q?: string;
  /** The plan's basis (FixTarget.basis), on the buttons of fixes that have one. */
  h?: string;
}

/** The value as JSON; with `offerToken`, the value of a fix button (see offer-token.ts). */
export function encodeButtonValue(value: ButtonValue, offerToken?: string): string {
  const wire: Wire = {
    v: 1,
    a: value.apiId,
    r: value.region,
    s: value.stage,
    c: value.vpcId,
    e: value.vpceId,
    g: value.securityGroupIds.slice(0, MAX_SECURITY_GROUPS),
    f: value.urlForm,
    t: value.sinceMs,
    p: value.probe,
    n: value.accountId ?? null,
    ...(value.endpointAccountId ? { o: value.endpointAccountId } : {}),
    ...(offerToken ? { k: offerToken } : {}),
    ...(value.customDomain ? { d: value.customDomain.name, b: value.customDomain.basePath } : {}),
    ...(value.requestRef ? { q: value.requestRef } : {}),
    ...(value.basis ? { h: value.basis } : {}),
  };
  return JSON.stringify(wire);
}

export type DecodeResult =
  | { ok: true; value: ButtonValue; offerToken: string | null }
  | { ok: false; problem: string };

function nullableMatching(raw: unknown, pattern: RegExp): raw is string | null {
  return raw === null || (typeof raw === 'string' && pattern.test(raw));
}

export function decodeButtonValue(raw: unknown): DecodeResult {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_BUTTON_VALUE) {
    return { ok: false, problem: 'missing or oversized value' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, problem: 'value is not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, problem: 'value is not an object' };
  }
  const wire = parsed as Record<string, unknown>;
  if (wire.v !== 1) return { ok: false, problem: 'unknown value version' };
  if (typeof wire.a !== 'string' || !REST_API_ID.test(wire.a)) return { ok: false, problem: 'bad api id' };
  if (typeof wire.r !== 'string' || !REGION.test(wire.r)) return { ok: false, problem: 'bad region' };
  if (!nullableMatching(wire.s, STAGE_NAME)) return { ok: false, problem: 'bad stage' };
  if (!nullableMatching(wire.c, VPC_ID)) return { ok: false, problem: 'bad vpc id' };
  if (!nullableMatching(wire.e, VPCE_ID)) return { ok: false, problem: 'bad vpce id' };
  const groups = wire.g;
  if (
    !Array.isArray(groups) ||
    groups.length > MAX_SECURITY_GROUPS ||
    !groups.every((id) => typeof id === 'string' && SECURITY_GROUP_ID.test(id))
  ) {
    return { ok: false, problem: 'bad security group ids' };
  }
  if (!URL_FORMS.includes(wire.f as UrlForm)) return { ok: false, problem: 'bad url form' };
  const since = wire.t;
  if (typeof since !== 'number' || !Number.isInteger(since) || since < MIN_SINCE_MS || since > MAX_SINCE_MS) {
    return { ok: false, problem: 'bad log window' };
  }
  if (typeof wire.p !== 'boolean') return { ok: false, problem: 'bad probe flag' };
  if (wire.n !== undefined && !nullableMatching(wire.n, ACCOUNT_ID))
    return { ok: false, problem: 'bad account id' };
  if (wire.o !== undefined && !nullableMatching(wire.o, ACCOUNT_ID))
    return { ok: false, problem: 'bad endpoint account id' };
  if (wire.k !== undefined && (typeof wire.k !== 'string' || !OFFER_TOKEN.test(wire.k))) {
    return { ok: false, problem: 'bad offer token' };
  }
  if (wire.d !== undefined && !(typeof wire.d === 'string' && DOMAIN_NAME.test(wire.d))) {
    return { ok: false, problem: 'bad domain name' };
  }
  if (wire.b !== undefined && !nullableMatching(wire.b, BASE_PATH))
    return { ok: false, problem: 'bad base path' };
  if (wire.q !== undefined && !(typeof wire.q === 'string' && REQUEST_REF.test(wire.q)))
    return { ok: false, problem: 'bad request reference' };
  if (wire.h !== undefined && !(typeof wire.h === 'string' && BASIS.test(wire.h)))
    return { ok: false, problem: 'bad plan basis' };
  return {
    ok: true,
    offerToken: typeof wire.k === 'string' ? wire.k : null,
    value: {
      apiId: wire.a,
      region: wire.r,
      stage: wire.s,
      vpcId: wire.c,
      vpceId: wire.e,
      securityGroupIds: groups as string[],
      urlForm: wire.f as UrlForm,
      sinceMs: since,
      probe: wire.p,
      accountId: typeof wire.n === 'string' ? wire.n : null,
      ...(typeof wire.o === 'string' ? { endpointAccountId: wire.o } : {}),
      customDomain:
        typeof wire.d === 'string'
          ? { name: wire.d, basePath: (wire.b as string | null | undefined) ?? null }
          : null,
      ...(typeof wire.q === 'string' ? { requestRef: wire.q } : {}),
      ...(typeof wire.h === 'string' ? { basis: wire.h } : {}),
    },
  };
}

/** The fix's target: the button's identifiers, and the failing call of the report's request when known. */
export function fixTargetFromButton(
  value: ButtonValue,
  request?: Pick<DiagnosisRequest, 'url' | 'method'>,
): FixTarget {
  return {
    ...(request ? { invocation: { url: request.url, method: request.method ?? null } } : {}),
    apiId: value.apiId,
    region: value.region,
    stage: value.stage,
    vpceId: value.vpceId,
    ...(value.accountId ? { accountId: value.accountId } : {}),
    ...(value.endpointAccountId ? { endpointAccountId: value.endpointAccountId } : {}),
    ...(value.basis ? { basis: value.basis } : {}),
  };
}
