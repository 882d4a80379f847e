// Structured JSON logs (pino). Secrets never reach a log line: the redaction list covers tokens, signing
// secrets, request signatures and AWS credentials wherever a caller happens to put them in a log object.

import { type DestinationStream, type Logger, pino, stdSerializers } from 'pino';

export type { Logger } from 'pino';

const SECRET_KEYS = [
  'token',
  'botToken',
  'appToken',
  'slackBotToken',
  'slackAppToken',
  'signingSecret',
  'slackSigningSecret',
  'secret',
  'password',
  'authorization',
  'Authorization',
  'signature',
  'x-slack-signature',
  'accessKeyId',
  'secretAccessKey',
  'sessionToken',
  'SecretAccessKey',
  'SessionToken',
];

/** Redaction paths: the keys at the top level, one level down, and in request headers. */
export const REDACT_PATHS = [
  ...SECRET_KEYS.map((key) => `["${key}"]`),
  ...SECRET_KEYS.map((key) => `*["${key}"]`),
  ...SECRET_KEYS.map((key) => `*.headers["${key}"]`),
  ...SECRET_KEYS.map((key) => `headers["${key}"]`),
];

/** Token-shaped substrings that may hide inside free text (error messages, URLs). */
const TOKEN_IN_TEXT = /\bxox[abpsr]-[A-Za-z0-9-]+|\bxapp-[A-Za-z0-9-]+|\bv0=[a-f0-9]{64}\b/g;

export function scrubText(text: string): string {
  return text.replace(TOKEN_IN_TEXT, '[Redacted]');
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go; stdout by default. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'apigw-diagnose' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        // Free-text messages can carry a token (e.g. an SDK error quoting a URL); scrub them too.
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (err: unknown) => {
          const serialized = stdSerializers.err(err as Error);
          if (typeof serialized?.message === 'string') serialized.message = scrubText(serialized.message);
          if (typeof serialized?.stack === 'string') serialized.stack = scrubText(serialized.stack);
          return serialized;
        },
      },
    },
    options.destination,
  );
}

/**
 * Node prints process warnings (e.g. the AWS SDK's notice that its 2027 releases need Node ≥ 22) as multi-line
 * text on stderr, which log collectors that merge both streams mix into the JSON lines. This replaces Node's
 * printer with one JSON log line per warning: nothing is hidden, and the stream stays one JSON object a line.
 */
export function logProcessWarnings(logger: Logger, target: NodeJS.Process = process): void {
  target.removeAllListeners('warning');
  target.on('warning', (warning: Error & { code?: string }) => {
    logger.warn(
      { warning: { name: warning.name, code: warning.code ?? null, message: warning.message } },
      'process warning',
    );
  });
}
