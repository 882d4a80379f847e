// Starts and stops a local moto_server (the AWS emulator) on a free loopback port.
// Plain ESM so that `npm run demo` and the integration tests share one launcher without a build step;
// types for TypeScript callers are in moto-server.d.mts. Callers talk to a loopback front that fills moto's gaps
// the way AWS would answer (see GAP_ANSWERS) and forwards everything else.

import { spawn } from 'node:child_process';
import http from 'node:http';

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
      startGapFront(match[1]).then(
        (front) => resolve(serverHandle(child, front)),
        (error) => {
          child.kill('SIGKILL');
          reject(error);
        },
      );
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

/**
 * Calls moto does not implement, answered the way AWS answers an account with nothing to report: CloudTrail
 * LookupEvents gets an empty page, and Route 53 Resolver DNS Firewall (which moto lacks altogether) lists no rule
 * group association (moto answers both with an HTML 500, which the engine rightly reports as a failed read).
 */
const GAP_ANSWERS = {
  'CloudTrail_20131101.LookupEvents': { Events: [] },
  'Route53Resolver.ListFirewallRuleGroupAssociations': { FirewallRuleGroupAssociations: [] },
};

/**
 * A loopback front that answers moto's gaps (GAP_ANSWERS) and forwards every other request to moto unchanged,
 * so tests and scripts see AWS's behaviour rather than an emulator artefact.
 */
function startGapFront(motoUrl) {
  const target = new URL(motoUrl);
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const gap = GAP_ANSWERS[String(req.headers['x-amz-target'] ?? '')];
      if (gap) {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(gap));
        return;
      }
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', (error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`moto front: ${error.message}`);
      });
      upstream.end(Buffer.concat(chunks));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function serverHandle(child, front) {
  const port = front.address().port;
  const url = `http://127.0.0.1:${port}`;
  child.once('exit', () => front.close());
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
      front.close();
      front.closeAllConnections();
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const escalate = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(escalate);
    },
  };
}
