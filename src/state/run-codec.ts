// How a thread's last run is stored in a shared store whose items have a size limit (DynamoDB: 400 KB per
// item). Reports are JSON full of repeated keys, so gzip shrinks them ~10x; a report whose evidence is still
// too large (thousands of log lines) is stored without evidence, which keeps everything "what changed" reads:
// the check statuses and each finding's check, code and title.

import { gunzipSync, gzipSync } from 'node:zlib';
import type { ThreadRun } from './store.js';

/** Room for the compressed run, leaving the rest of a 400 KB item for keys and attribute names. */
export const MAX_ENCODED_RUN_BYTES = 350_000;

const SLIM_TEXT_CHARS = 500;

export function encodeThreadRun(run: ThreadRun, maxBytes = MAX_ENCODED_RUN_BYTES): Uint8Array {
  const full = gzipSync(JSON.stringify(run));
  if (full.byteLength <= maxBytes) return full;
  const slim = gzipSync(JSON.stringify(slimRun(run)));
  if (slim.byteLength <= maxBytes) return slim;
  throw new RangeError(
    `the last run of ${run.report.target.apiId} needs ${slim.byteLength} bytes even without evidence (limit ${maxBytes})`,
  );
}

export function decodeThreadRun(bytes: Uint8Array): ThreadRun {
  return JSON.parse(gunzipSync(bytes).toString('utf8')) as ThreadRun;
}

function slimRun(run: ThreadRun): ThreadRun {
  const cut = (text: string) => (text.length > SLIM_TEXT_CHARS ? `${text.slice(0, SLIM_TEXT_CHARS)}…` : text);
  return {
    ...run,
    report: {
      ...run.report,
      findings: run.report.findings.map((finding) => ({
        ...finding,
        title: cut(finding.title),
        detail: cut(finding.detail),
        cause: cut(finding.cause),
        fix: finding.fix === null ? null : cut(finding.fix),
        ...(finding.shortFix === undefined ? {} : { shortFix: cut(finding.shortFix) }),
        evidence: { omitted: 'too large to keep for the next run' },
      })),
      checks: run.report.checks.map((check) =>
        check.reason === undefined ? check : { ...check, reason: cut(check.reason) },
      ),
    },
  };
}
