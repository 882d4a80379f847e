// The article's `telnet … 443` / `traceroute -T -p 443`: does a TCP connection to the endpoint's address open?
// A security group or NACL that drops the SYN shows up as ETIMEDOUT; a reset as ECONNREFUSED.

import { connect } from 'node:net';
import type { TcpStep } from '../schema.js';
import { codedError, elapsedSince, errorCodeOf, expiry } from './deadline.js';

export function connectTcp(address: string, port: number, timeoutMs: number): Promise<TcpStep> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const finish = (errorCode: string | null) => {
      timer.clear();
      socket.destroy();
      resolve({ address, port, ok: errorCode === null, errorCode, ms: elapsedSince(started) });
    };
    const timer = expiry(timeoutMs, () =>
      socket.destroy(codedError('ETIMEDOUT', `connect ${address}:${port}`)),
    );
    socket.once('connect', () => finish(null));
    socket.once('error', (error) => finish(errorCodeOf(error)));
  });
}
