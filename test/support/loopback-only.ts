// Tests against loopback servers (the bot, the Slack stand-ins, moto) with nock in the process: nock refuses
// every other host, so no test reaches the internet.

import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * For the whole test file: connections to loopback only, nock's interceptors cleared after each test, and every
 * host allowed again after the file. Call it at the top of the file, before the file's own hooks.
 */
export function loopbackOnly(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());
}
