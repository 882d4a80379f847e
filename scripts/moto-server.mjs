// Starts and stops a local moto_server (the AWS emulator) on a free loopback port.
// Plain ESM so that `npm run demo` and the integration tests share one launcher without a build step;
// types for TypeScript callers are in moto-server.d.mts.

import { spawn } from 'node:child_process';

export const MOTO_MISSING_MESSAGE =
  "moto_server not found on PATH — install it with pip install 'moto[server]'";

const STARTUP_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 5_000;
// Flask prints this line on stderr once the socket is listening; `-p 0` lets the OS pick the port.
const RUNNING_LINE = /Running on (http:\/\/127\.0\.0\.1:(\d+))/;

/**
 * Spawns `moto_server -H 127.0.0.1 -p 0` and resolves once it listens.
 * Rejects with MOTO_MISSING_MESSAGE when the executable is not on PATH, so a missing emulator fails loudly.
 * @returns {Promise<import('./moto-server.d.mts').MotoServer>}
 */
export function startMoto() {
  return new Promise((resolve, reject) => {
    const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let settled = false;
    const fail = (error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      reject(error);
    };
    const timer = setTimeout(
      () =>
        fail(new Error(`moto_server did not report its port within ${STARTUP_TIMEOUT_MS} ms:\n${output}`)),
      STARTUP_TIMEOUT_MS,
    );

    // Both pipes are read for the whole life of the process: a full pipe buffer would block moto's writes.
    const onData = (chunk) => {
      if (settled) return;
      output += chunk.toString();
      const match = RUNNING_LINE.exec(output);
      if (!match) return;
      settled = true;
      clearTimeout(timer);
      resolve(serverHandle(child, match[1], Number(match[2])));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) =>
      fail(
        error.code === 'ENOENT'
          ? new Error(MOTO_MISSING_MESSAGE)
          : new Error(`moto_server: ${error.message}`),
      ),
    );
    child.on('exit', (code, signal) =>
      fail(new Error(`moto_server exited before listening (code ${code}, signal ${signal}):\n${output}`)),
    );
  });
}

function serverHandle(child, url, port) {
  const exited = new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    url,
    port,
    async reset() {
      const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset failed: HTTP ${response.status}`);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const escalate = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(escalate);
    },
  };
}
