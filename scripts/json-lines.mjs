// The bot logs one JSON object per line (pino): the scripts that run it as a child process read it line by line.

import { createInterface } from 'node:readline';

/** Calls `onEntry` with each line of `stream` that parses as JSON; other lines are skipped. */
export function onJsonLines(stream, onEntry) {
  createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) => {
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      return;
    }
    onEntry(entry);
  });
}
