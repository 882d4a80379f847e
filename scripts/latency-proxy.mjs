// A loopback proxy in front of moto_server that holds every AWS request for a fixed latency (as a real region
// would) and records when each call started and ended and what it was. Shared by the benchmarks.

import http from 'node:http';

/** Starts the proxy; `calls` receives `{ started, ended, what }` for every answered request. */
export function startLatencyProxy(targetUrl, calls, latencyMs) {
  const target = new URL(targetUrl);
  const server = http.createServer((req, res) => {
    const started = performance.now();
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      setTimeout(() => {
        const upstream = http.request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            answer.on('end', () =>
              calls.push({ started, ended: performance.now(), what: describeCall(req, chunks) }),
            );
          },
        );
        upstream.on('error', (error) => {
          res.writeHead(502);
          res.end(String(error));
        });
        upstream.end(Buffer.concat(chunks));
      }, latencyMs);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** JSON protocols name the operation in x-amz-target, EC2's query protocol in the body's Action, REST by path. */
function describeCall(req, chunks) {
  const target = req.headers['x-amz-target'];
  if (target) return String(target).split('.').pop();
  const action = /(?:^|&)Action=([A-Za-z]+)(?:&|$)/.exec(Buffer.concat(chunks).toString());
  if (action) return action[1];
  return `${req.method} ${String(req.url).split('?')[0]}`;
}
