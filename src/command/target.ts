// Reads the command's target — a REST API id or one of the private invoke-URL forms (domain-reference A6) —
// into what it says about the API: id, region, stage, endpoint and which URL form the caller uses.

import type { UrlForm } from '../diagnosis/types.js';
import { BASE_PATH, DOMAIN_NAME, REGION, REST_API_ID, STAGE_NAME } from './formats.js';

export interface TargetInfo {
  /** Null only for the vpce-hostname form, whose host does not name the API. */
  apiId: string | null;
  region: string | null;
  stage: string | null;
  urlForm: UrlForm;
  /** scheme + host + path, without query or fragment (they may carry secrets and never matter here). */
  url: string | null;
  vpceId: string | null;
  /** The custom domain name and the URL's first path segment (its base path), for a custom-domain URL. */
  customDomain: { name: string; basePath: string } | null;
}

export type TargetResult = { ok: true; target: TargetInfo } | { ok: false; message: string };

const EC2_HEX = '(?:[0-9a-f]{8}|[0-9a-f]{17})';
const REGION_PART = '([a-z0-9-]+)';
const PRIVATE_DNS_HOST = new RegExp(`^([a-z0-9]+)\\.execute-api\\.${REGION_PART}\\.amazonaws\\.com$`);
const VPCE_ALIAS_HOST = new RegExp(
  `^([a-z0-9]+)-(vpce-${EC2_HEX})\\.execute-api\\.${REGION_PART}\\.amazonaws\\.com$`,
);
// vpce-{hex}-{suffix}[-{az}].execute-api.{region}.vpce.amazonaws.com
const VPCE_HOSTNAME_HOST = new RegExp(
  `^(vpce-${EC2_HEX})-[a-z0-9]+(?:-[a-z0-9-]+)?\\.execute-api\\.${REGION_PART}\\.vpce\\.amazonaws\\.com$`,
);

/** A target that names at most the API (a bare id, or only --api-id): no URL, region, stage or endpoint. */
export function idOnlyTarget(apiId: string | null): TargetInfo {
  return { apiId, region: null, stage: null, urlForm: 'none', url: null, vpceId: null, customDomain: null };
}

export function parseTarget(token: string): TargetResult {
  if (REST_API_ID.test(token)) {
    return ok(idOnlyTarget(token));
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(token)?.[1];
  if (scheme !== undefined && scheme.toLowerCase() !== 'https') {
    return fail(`"${token}" is not an https URL: private API invoke URLs start with https://`);
  }
  // A bare hostname (what Slack shows when someone pastes one without a scheme) is read as https.
  const looksLikeHost = scheme === undefined && /^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/:?#]|$)/i.test(token);
  if (scheme === undefined && !looksLikeHost) {
    return fail(
      `"${token}" is neither a REST API id (10 lowercase letters or digits) nor an https invoke URL`,
    );
  }
  return parseUrl(token, scheme === undefined ? `https://${token}` : token);
}

function parseUrl(token: string, text: string): TargetResult {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`"${token}" is not a valid URL`);
  }
  const host = url.hostname.toLowerCase();
  const isExecuteApi = host.includes('.execute-api.');
  if (!isExecuteApi && !host.endsWith('.amazonaws.com.cn')) return customDomainTarget(token, url, host);
  const stageResult = stageFromPath(token, url.pathname);
  if (!stageResult.ok) return stageResult;
  const common = {
    stage: stageResult.stage,
    url: `https://${url.host}${url.pathname}`,
    customDomain: null,
  };

  const alias = VPCE_ALIAS_HOST.exec(host);
  if (alias) {
    const [, apiId = '', vpceId = '', region = ''] = alias;
    return withChecks(token, { ...common, apiId, region, urlForm: 'vpce-alias', vpceId });
  }
  const privateDns = PRIVATE_DNS_HOST.exec(host);
  if (privateDns) {
    const [, apiId = '', region = ''] = privateDns;
    return withChecks(token, { ...common, apiId, region, urlForm: 'private-dns', vpceId: null });
  }
  const vpceHost = VPCE_HOSTNAME_HOST.exec(host);
  if (vpceHost) {
    const [, vpceId = '', region = ''] = vpceHost;
    return withChecks(token, { ...common, apiId: null, region, urlForm: 'vpce-hostname', vpceId });
  }
  if (host.endsWith('.amazonaws.com.cn')) {
    return fail(`"${host}": China regions (*.amazonaws.com.cn) are not supported yet`);
  }
  return fail(
    `"${host}" is not an invoke URL form this tool knows: expected {api-id}.execute-api.{region}.amazonaws.com, ` +
      '{api-id}-{vpce-id}.execute-api.{region}.amazonaws.com or vpce-….execute-api.{region}.vpce.amazonaws.com',
  );
}

/**
 * Any other host is read as a private custom domain name (domain-reference A6): its first path segment is the base
 * path a mapping routes to an API and stage, so the URL names neither (the caller passes --api-id).
 */
function customDomainTarget(token: string, url: URL, host: string): TargetResult {
  if (!DOMAIN_NAME.test(host)) {
    return fail(`"${host}" in "${token}" is neither an execute-api host nor a custom domain name`);
  }
  if (host.endsWith('.amazonaws.com')) {
    return fail(`"${host}" is an AWS hostname, not an execute-api invoke URL or a custom domain name`);
  }
  const basePath = url.pathname.split('/')[1] ?? '';
  if (!BASE_PATH.test(basePath)) {
    return fail(`"${basePath}" in "${token}" is not a base path (letters, digits, . _ ~ -)`);
  }
  return ok({
    apiId: null,
    region: null,
    stage: null,
    urlForm: 'custom-domain',
    url: `https://${url.host}${url.pathname}`,
    vpceId: null,
    customDomain: { name: host, basePath },
  });
}

function stageFromPath(token: string, path: string): { ok: true; stage: string | null } | TargetFailure {
  const first = path.split('/')[1] ?? '';
  if (first === '') return { ok: true, stage: null };
  if (!STAGE_NAME.test(first)) {
    return fail(`"${first}" in "${token}" is not a stage name (letters, digits, - and _, up to 128)`);
  }
  return { ok: true, stage: first };
}

function withChecks(token: string, target: TargetInfo): TargetResult {
  if (target.apiId !== null && !REST_API_ID.test(target.apiId)) {
    return fail(`"${target.apiId}" in "${token}" is not a REST API id (10 lowercase letters or digits)`);
  }
  if (target.region !== null && !REGION.test(target.region)) {
    return fail(`"${target.region}" in "${token}" is not an AWS region`);
  }
  return ok(target);
}

type TargetFailure = { ok: false; message: string };

function ok(target: TargetInfo): TargetResult {
  return { ok: true, target };
}

function fail(message: string): TargetFailure {
  return { ok: false, message };
}
