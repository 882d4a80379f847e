// Stand-ins for stdout/stderr that keep what a command wrote, for tests of the CLI's entry points.

import { Writable } from 'node:stream';

export function captureIo() {
  const out = { stdout: '', stderr: '' };
  const sink = (key: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk, _encoding, done) {
        out[key] += String(chunk);
        done();
      },
    });
  return { io: { stdout: sink('stdout'), stderr: sink('stderr') }, out };
}
