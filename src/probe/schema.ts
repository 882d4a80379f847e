// The versioned JSON contract between the engine and the in-VPC probe Lambda (docs/probe-schema.md).
// Both sides import this module; it has no dependencies so the probe bundle stays tiny. The engine must not
// trust a payload just because it parsed: parseProbeOutput checks every field it reads.

export const PROBE_SCHEMA_VERSION = 1;

/** The URL forms of a private API (domain-reference A6) the probe can try. */
export type ProbeUrlForm = 'private-dns' | 'vpce-alias' | 'vpce-hostname';

/** Why a name is resolved: the private-DNS name, an `{api}-{vpce}` alias, or a VPC endpoint's own DNS name. */
export type ProbeNameRole = 'private-dns' | 'vpce-alias' | 'endpoint';

export interface ProbeName {
  name: string;
  role: ProbeNameRole;
  /** The endpoint the name belongs to (alias and endpoint roles). */
  vpceId?: string;
}

export interface ProbeUrlRequest {
  form: ProbeUrlForm;
  /** `https://host/path`; the host is resolved like the names above and used as TLS SNI. */
  url: string;
  /** Extra request headers (`Host`, `x-apigw-api-id`). Never credentials. */
  headers: Record<string, string>;
}

export interface ProbeInput {
  schemaVersion: 1;
  apiId: string;
  region: string;
  stage: string | null;
  vpceIds: string[];
  /** Every name to resolve; TCP targets are the addresses of the `endpoint` and `vpce-alias` names. */
  names: ProbeName[];
  urls: ProbeUrlRequest[];
  /** The whole probe answers within this many milliseconds, whatever hangs. */
  budgetMs: number;
  /** `host:port` of a DNS server to use instead of the system's (tests; or to compare with another resolver). */
  resolver?: string;
  /** Where connections go; defaults to port 443 with certificate verification on. */
  target?: { port?: number; tlsRejectUnauthorized?: boolean };
}

export interface DnsStep {
  name: string;
  role: ProbeNameRole;
  vpceId: string | null;
  /** A and AAAA answers together; empty when the name did not resolve. */
  addresses: string[];
  /** Node's DNS code when no address came back: ENOTFOUND (NXDOMAIN), ESERVFAIL, ENODATA, ETIMEOUT… */
  errorCode: string | null;
  ms: number;
}

export interface TcpStep {
  address: string;
  port: number;
  ok: boolean;
  /** ETIMEDOUT, ECONNREFUSED, EHOSTUNREACH…; null when the connection was made. */
  errorCode: string | null;
  ms: number;
}

export interface HttpStep {
  url: string;
  form: ProbeUrlForm;
  /** The address the request was sent to (null when the host did not resolve). */
  address: string | null;
  headersSent: Record<string, string>;
  status: number | null;
  /** The `x-amzn-ErrorType` response header. */
  errorType: string | null;
  /** `message` / `Message` of a JSON body, else the body's first characters. */
  message: string | null;
  /** The `x-amzn-RequestId` response header (look for it in the execution logs). */
  requestId: string | null;
  /** Why no status came back: a DNS code, ETIMEDOUT, ECONNREFUSED, a TLS code… */
  errorCode: string | null;
  /**
   * The TLS version the handshake negotiated (`TLSv1.3`, `TLSv1.2`), null when none completed. Added after
   * schemaVersion 1 shipped: a payload of an older probe has no field and reads as null.
   */
  tlsVersion: string | null;
  ms: number;
}

export interface ProbeOutput {
  schemaVersion: 1;
  apiId: string;
  region: string;
  startedAt: string;
  ms: number;
  budgetMs: number;
  dns: DnsStep[];
  tcp: TcpStep[];
  http: HttpStep[];
}

export class ProbeSchemaError extends Error {
  override readonly name = 'ProbeSchemaError';
}

type Json = Record<string, unknown>;

/** Validates a probe payload; throws ProbeSchemaError naming the first field that is wrong. */
export function parseProbeOutput(value: unknown): ProbeOutput {
  const root = object(value, 'payload');
  if (root.schemaVersion !== PROBE_SCHEMA_VERSION) {
    throw new ProbeSchemaError(
      `payload.schemaVersion is ${JSON.stringify(root.schemaVersion)}, expected ${PROBE_SCHEMA_VERSION}`,
    );
  }
  return {
    schemaVersion: PROBE_SCHEMA_VERSION,
    apiId: string(root.apiId, 'payload.apiId'),
    region: string(root.region, 'payload.region'),
    startedAt: string(root.startedAt, 'payload.startedAt'),
    ms: number(root.ms, 'payload.ms'),
    budgetMs: number(root.budgetMs, 'payload.budgetMs'),
    dns: array(root.dns, 'payload.dns').map((item, i) => parseDnsStep(item, `payload.dns[${i}]`)),
    tcp: array(root.tcp, 'payload.tcp').map((item, i) => parseTcpStep(item, `payload.tcp[${i}]`)),
    http: array(root.http, 'payload.http').map((item, i) => parseHttpStep(item, `payload.http[${i}]`)),
  };
}

/** Validates what the handler is asked to do; throws ProbeSchemaError naming the first field that is wrong. */
export function parseProbeInput(value: unknown): ProbeInput {
  const root = object(value, 'input');
  if (root.schemaVersion !== PROBE_SCHEMA_VERSION) {
    throw new ProbeSchemaError(`input.schemaVersion must be ${PROBE_SCHEMA_VERSION}`);
  }
  const budgetMs = number(root.budgetMs, 'input.budgetMs');
  if (budgetMs <= 0) throw new ProbeSchemaError('input.budgetMs must be positive');
  const input: ProbeInput = {
    schemaVersion: PROBE_SCHEMA_VERSION,
    apiId: string(root.apiId, 'input.apiId'),
    region: string(root.region, 'input.region'),
    stage: nullable(root.stage, 'input.stage', string),
    vpceIds: array(root.vpceIds, 'input.vpceIds').map((v, i) => string(v, `input.vpceIds[${i}]`)),
    names: array(root.names, 'input.names').map((item, i) => parseName(item, `input.names[${i}]`)),
    urls: array(root.urls, 'input.urls').map((item, i) => parseUrlRequest(item, `input.urls[${i}]`)),
    budgetMs,
  };
  if (root.resolver !== undefined) input.resolver = string(root.resolver, 'input.resolver');
  if (root.target !== undefined) {
    const target = object(root.target, 'input.target');
    input.target = {};
    if (target.port !== undefined) input.target.port = number(target.port, 'input.target.port');
    if (target.tlsRejectUnauthorized !== undefined) {
      input.target.tlsRejectUnauthorized = boolean(
        target.tlsRejectUnauthorized,
        'input.target.tlsRejectUnauthorized',
      );
    }
  }
  return input;
}

function parseName(value: unknown, path: string): ProbeName {
  const item = object(value, path);
  const name: ProbeName = { name: string(item.name, `${path}.name`), role: role(item.role, `${path}.role`) };
  if (item.vpceId !== undefined) name.vpceId = string(item.vpceId, `${path}.vpceId`);
  return name;
}

function parseUrlRequest(value: unknown, path: string): ProbeUrlRequest {
  const item = object(value, path);
  const url = string(item.url, `${path}.url`);
  if (!url.startsWith('https://')) throw new ProbeSchemaError(`${path}.url must be an https:// URL`);
  return { form: form(item.form, `${path}.form`), url, headers: headers(item.headers, `${path}.headers`) };
}

function parseDnsStep(value: unknown, path: string): DnsStep {
  const item = object(value, path);
  return {
    name: string(item.name, `${path}.name`),
    role: role(item.role, `${path}.role`),
    vpceId: nullable(item.vpceId, `${path}.vpceId`, string),
    addresses: array(item.addresses, `${path}.addresses`).map((a, i) => string(a, `${path}.addresses[${i}]`)),
    errorCode: nullable(item.errorCode, `${path}.errorCode`, string),
    ms: number(item.ms, `${path}.ms`),
  };
}

function parseTcpStep(value: unknown, path: string): TcpStep {
  const item = object(value, path);
  return {
    address: string(item.address, `${path}.address`),
    port: number(item.port, `${path}.port`),
    ok: boolean(item.ok, `${path}.ok`),
    errorCode: nullable(item.errorCode, `${path}.errorCode`, string),
    ms: number(item.ms, `${path}.ms`),
  };
}

function parseHttpStep(value: unknown, path: string): HttpStep {
  const item = object(value, path);
  return {
    url: string(item.url, `${path}.url`),
    form: form(item.form, `${path}.form`),
    address: nullable(item.address, `${path}.address`, string),
    headersSent: headers(item.headersSent, `${path}.headersSent`),
    status: nullable(item.status, `${path}.status`, number),
    errorType: nullable(item.errorType, `${path}.errorType`, string),
    message: nullable(item.message, `${path}.message`, string),
    requestId: nullable(item.requestId, `${path}.requestId`, string),
    errorCode: nullable(item.errorCode, `${path}.errorCode`, string),
    tlsVersion:
      item.tlsVersion === undefined ? null : nullable(item.tlsVersion, `${path}.tlsVersion`, string),
    ms: number(item.ms, `${path}.ms`),
  };
}

const FORMS: readonly ProbeUrlForm[] = ['private-dns', 'vpce-alias', 'vpce-hostname'];
const ROLES: readonly ProbeNameRole[] = ['private-dns', 'vpce-alias', 'endpoint'];

function form(value: unknown, path: string): ProbeUrlForm {
  if (FORMS.includes(value as ProbeUrlForm)) return value as ProbeUrlForm;
  throw new ProbeSchemaError(`${path} must be one of ${FORMS.join(', ')}`);
}

function role(value: unknown, path: string): ProbeNameRole {
  if (ROLES.includes(value as ProbeNameRole)) return value as ProbeNameRole;
  throw new ProbeSchemaError(`${path} must be one of ${ROLES.join(', ')}`);
}

function headers(value: unknown, path: string): Record<string, string> {
  const item = object(value, path);
  const result: Record<string, string> = {};
  for (const [key, header] of Object.entries(item)) result[key] = string(header, `${path}.${key}`);
  return result;
}

function object(value: unknown, path: string): Json {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  throw new ProbeSchemaError(`${path} must be an object`);
}

function array(value: unknown, path: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new ProbeSchemaError(`${path} must be an array`);
}

function string(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  throw new ProbeSchemaError(`${path} must be a string`);
}

function number(value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new ProbeSchemaError(`${path} must be a number`);
}

function boolean(value: unknown, path: string): boolean {
  if (typeof value === 'boolean') return value;
  throw new ProbeSchemaError(`${path} must be a boolean`);
}

function nullable<T>(value: unknown, path: string, parse: (v: unknown, p: string) => T): T | null {
  return value === null ? null : parse(value, path);
}
