// Real servers on loopback that stand in for the VPC resolver and the endpoint's port 443:
// a DNS server with a fixed zone, an HTTPS server that answers like API Gateway's 403, a TCP server that
// accepts and never speaks, and a listener whose full accept queue makes SYNs go unanswered.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import dns2 from 'dns2';

/** A name's answer: addresses (A records), an rcode (3 NXDOMAIN, 2 SERVFAIL), or silence. */
export type ZoneEntry = { addresses: string[] } | { rcode: number } | 'silent';

export interface DnsFixture {
  server: string;
  close(): Promise<void>;
}

export async function startDns(zone: Record<string, ZoneEntry>): Promise<DnsFixture> {
  const { Packet } = dns2;
  const server = dns2.createUDPServer((request, send) => {
    const question = request.questions[0];
    const response = Packet.createResponseFromRequest(request);
    const entry = question ? zone[question.name.toLowerCase()] : undefined;
    if (entry === 'silent') return;
    if (!question || entry === undefined) {
      response.header.rcode = 3;
    } else if ('rcode' in entry) {
      response.header.rcode = entry.rcode;
    } else if (question.type === Packet.TYPE.A) {
      for (const address of entry.addresses) {
        response.answers.push({
          name: question.name,
          type: Packet.TYPE.A,
          class: Packet.CLASS.IN,
          ttl: 60,
          address,
        });
      }
    }
    void send(response);
  });
  await server.listen(0, '127.0.0.1');
  return {
    server: `127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedRequest {
  servername: string | null;
  head: string;
}

export interface ForbiddenFixture {
  port: number;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/** A self-signed HTTPS server on 127.0.0.1 answering every request as API Gateway's front door does. */
export async function startForbiddenHttps(): Promise<ForbiddenFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'probe-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=probe.test',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const key = readFileSync(join(dir, 'key.pem'));
  const cert = readFileSync(join(dir, 'cert.pem'));
  rmSync(dir, { recursive: true, force: true });

  const received: ReceivedRequest[] = [];
  const server = createTlsServer({ key, cert }, (socket: TLSSocket) => {
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      // `servername` (the SNI the client sent) is set on server-side sockets but missing from @types/node 20.
      const { servername } = socket as TLSSocket & { servername?: string | false };
      received.push({ servername: typeof servername === 'string' ? servername : null, head });
      const body = '{"message":"Forbidden"}';
      socket.end(
        'HTTP/1.1 403 Forbidden\r\n' +
          'Content-Type: application/json\r\n' +
          'x-amzn-ErrorType: ForbiddenException\r\n' +
          'x-amzn-RequestId: 6f1c2c3e-0000-4000-8000-000000000403\r\n' +
          `Content-Length: ${body.length}\r\n` +
          'Connection: close\r\n\r\n' +
          body,
      );
    });
    socket.on('error', () => undefined);
  });
  await listen(server, '127.0.0.1', 0);
  return { port: portOf(server), received, close: () => closeServer(server) };
}

/** Accepts TCP on address:port and never sends a byte: the TLS handshake hangs. */
export async function startSilentTcp(address: string, port: number): Promise<{ close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server = createTcpServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
  });
  await listen(server, address, port);
  return {
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await closeServer(server);
    },
  };
}

/**
 * A listener on address:port with an accept queue of one that never accepts, filled by one connection:
 * Linux then drops further SYNs, so a connect there neither succeeds nor fails — it times out.
 * Node's own servers always accept, hence the few lines of Python (moto's interpreter is on the machine).
 */
export async function startBlackhole(address: string, port: number): Promise<{ close(): Promise<void> }> {
  const script =
    'import socket,sys,time\n' +
    's=socket.socket(); s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(0)\n' +
    'print("ready", flush=True)\n' +
    'time.sleep(120)\n';
  const child: ChildProcess = spawn('python3', ['-c', script, address, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`blackhole listener exited with ${code}`)));
  });
  const filler = connect({ host: address, port });
  filler.on('error', () => undefined);
  await new Promise<void>((resolve) => filler.once('connect', () => resolve()));
  return {
    close: async () => {
      filler.destroy();
      child.kill('SIGKILL');
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no TCP address');
  return address.port;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
