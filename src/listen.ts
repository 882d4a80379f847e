// Starting a Node HTTP server: the bot's Socket Mode health server and the MCP endpoint both wait for the port.

import type { Server } from 'node:http';

/**
 * Resolves once `server` listens on `port` (0: a free one) and `host`; rejects with the listen error (the port
 * is taken, the host is not this machine's), which then no longer reaches the server's error listeners.
 */
export function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
