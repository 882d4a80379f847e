// SLACK_RECORDING_DIR=dir keeps each test's Slack Web API calls as JSON, to look at the rendered blocks by eye.

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Most file systems allow 255 bytes per name; longer test names keep their start and get a hash for uniqueness. */
const MAX_NAME = 200;

/** A file name from a test's full name: readable from its start (the describe block, then the test). */
export function recordingFileName(testName: string): string {
  const slug = testName.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'test';
  if (slug.length <= MAX_NAME) return `${slug}.json`;
  const hash = createHash('sha256').update(testName).digest('hex').slice(0, 8);
  return `${slug.slice(0, MAX_NAME - 9)}-${hash}.json`;
}

/** Writes the calls into `dir` (created if missing) and returns the file's path. */
export function saveRecording(dir: string, testName: string, calls: unknown): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, recordingFileName(testName));
  writeFileSync(path, JSON.stringify(calls, null, 2));
  return path;
}
