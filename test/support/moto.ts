// The moto_server launcher the integration tests use. The implementation is plain ESM in scripts/ so that
// `npm run demo` shares it without a build; this module is the typed entry point for tests.
// A missing moto_server rejects with a message saying how to install it: the suite fails, never skips.

import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type MotoServer, startMoto } from '../../scripts/moto-server.mjs';

export { MOTO_MISSING_MESSAGE, type MotoServer, startMoto } from '../../scripts/moto-server.mjs';

/**
 * One moto_server for the test file, reset before each test, with nock answering what moto lacks or what a test
 * makes fail: anything beyond loopback is refused. Returns the running server (call it inside a test).
 */
export function motoWithNock(): () => MotoServer {
  let moto: MotoServer | undefined;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto?.reset();
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  });
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });
  return () => {
    if (!moto) throw new Error('moto_server is not running: call motoWithNock() at the top of the test file');
    return moto;
  };
}
