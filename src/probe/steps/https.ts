// One GET per URL form, sent to an address this probe resolved itself (so the injected resolver applies),
// with the URL's host as TLS SNI. No agent, no redirects (node:https never follows them), no credentials:
// the only headers are the ones that select the API plus a user agent.

import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { HttpStep, ProbeUrlRequest } from '../schema.js';
import { codedError, elapsedSince, errorCodeOf, expiry } from './deadline.js';

const MAX_BODY_BYTES = 8192;
const MAX_MESSAGE_CHARS = 500;

export interface HttpTarget {
  /** The resolved address to connect to, or null with the DNS error code that prevented it. */
  address: string | null;
  dnsErrorCode: string | null;
  port: number;
  rejectUnauthorized: boolean;
}

export function headersFor(urlRequest: ProbeUrlRequest): Record<string, string> {
  const url = new URL(urlRequest.url);
  const headers: Record<string, string> = {
    'user-agent': 'apigw-diagnose-probe/1',
    accept: 'application/json',
  };
  const hasHost = Object.keys(urlRequest.headers).some((key) => key.toLowerCase() === 'host');
  if (!hasHost) headers.host = url.host;
  return { ...headers, ...urlRequest.headers };
}

export function getOnce(
  urlRequest: ProbeUrlRequest,
  target: HttpTarget,
  timeoutMs: number,
): Promise<HttpStep> {
  const started = performance.now();
  const url = new URL(urlRequest.url);
  const headersSent = headersFor(urlRequest);
  const base: HttpStep = {
    url: urlRequest.url,
    form: urlRequest.form,
    address: target.address,
    headersSent,
    status: null,
    errorType: null,
    message: null,
    requestId: null,
    errorCode: null,
    tlsVersion: null,
    ms: 0,
  };
  if (target.address === null) {
    return Promise.resolve({
      ...base,
      errorCode: target.dnsErrorCode ?? 'ENOTFOUND',
      ms: elapsedSince(started),
    });
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (step: Partial<HttpStep>) => {
      if (settled) return;
      settled = true;
      timer.clear();
      req.destroy();
      resolve({ ...base, ...step, ms: elapsedSince(started) });
    };
    const req = request({
      host: target.address ?? undefined,
      port: target.port,
      method: 'GET',
      path: `${url.pathname}${url.search}`,
      servername: url.hostname,
      headers: headersSent,
      rejectUnauthorized: target.rejectUnauthorized,
      agent: false,
    });
    const timer = expiry(timeoutMs, () => req.destroy(codedError('ETIMEDOUT', `GET ${urlRequest.url}`)));
    req.once('error', (error) => settle({ errorCode: errorCodeOf(error) }));
    req.once('response', (res) => {
      // Read now: the socket may be detached from the response once the body has ended.
      const tlsVersion = negotiatedVersion(res.socket as TLSSocket | null);
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = () => {
        const body = Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
        settle({
          status: res.statusCode ?? null,
          errorType: header(res.headers['x-amzn-errortype']),
          requestId: header(res.headers['x-amzn-requestid']),
          message: messageOf(body),
          tlsVersion,
        });
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= MAX_BODY_BYTES) answer();
      });
      res.once('end', answer);
      // A body cut short still has a status worth reporting.
      res.once('error', answer);
    });
    req.end();
  });
}

/** `TLSv1.3`, `TLSv1.2`…: what a TLS-1.3-only security policy is judged against. */
function negotiatedVersion(socket: TLSSocket | null): string | null {
  return typeof socket?.getProtocol === 'function' ? (socket.getProtocol() ?? null) : null;
}

function header(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

/** API Gateway answers `{"message":"…"}` or `{"Message":"…"}`; anything else is shown as text. */
export function messageOf(body: string): string | null {
  const trimmed = body.trim();
  if (trimmed === '') return null;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      const message = record.message ?? record.Message;
      if (typeof message === 'string') return message.slice(0, MAX_MESSAGE_CHARS);
    }
  } catch {
    // Not JSON (an HTML error page, a proxy's text): fall through to the raw text.
  }
  return trimmed.slice(0, MAX_MESSAGE_CHARS);
}
