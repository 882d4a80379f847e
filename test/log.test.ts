import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ destination }), lines };
}

describe('createLogger', () => {
  it('writes JSON lines with tokens, secrets and signatures redacted', () => {
    const { logger, lines } = capture();

    logger.info(
      { token: 'xoxb-1-abc', slack: { signingSecret: 'shh' }, headers: { 'x-slack-signature': 'v0=abc' } },
      'posting with xoxb-123-456 in the text',
    );

    const line = lines.join('');
    expect(JSON.parse(line).msg).toContain('[Redacted]');
    expect(line).not.toMatch(/xoxb-|shh|v0=abc/);
  });

  it('scrubs tokens out of error messages', () => {
    const { logger, lines } = capture();

    logger.error({ err: new Error('call failed for token xapp-1-A1-secret') }, 'failure');

    const line = lines.join('');
    expect(JSON.parse(line).err.message).toBe('call failed for token [Redacted]');
    expect(line).not.toContain('xapp-1-A1-secret');
  });
});
