// Bolt and the Web API client log through this adapter, so their lines are the same redacted JSON as ours.

import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../log.js';

const TO_PINO: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

function message(parts: unknown[]): string {
  return parts
    .map((part) =>
      part instanceof Error ? part.message : typeof part === 'string' ? part : JSON.stringify(part),
    )
    .join(' ');
}

export function boltLogger(logger: Logger): BoltLogger {
  let child = logger.child({ module: 'bolt' });
  let level: LogLevel = LogLevel.INFO;
  return {
    debug: (...parts: unknown[]) => child.debug(message(parts)),
    info: (...parts: unknown[]) => child.info(message(parts)),
    warn: (...parts: unknown[]) => child.warn(message(parts)),
    error: (...parts: unknown[]) => child.error(message(parts)),
    setLevel: (next: LogLevel) => {
      level = next;
      child.level = TO_PINO[next];
    },
    getLevel: () => level,
    setName: (name: string) => {
      child = logger.child({ module: name });
    },
  };
}
