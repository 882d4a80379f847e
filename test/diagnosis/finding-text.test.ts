// Every finding code, produced by the real checks from facts, carries its words as typed fields: a cause that
// stands on its own, a fix wherever the catalogue promises one, none where it says there is nothing to do, and the
// ids of what it is about. The channel message quotes these fields as they are, so they are the contract.

import { describe, expect, it } from 'vitest';
import { CATALOGUE, FINDING_CODES, type FindingCode } from '../../src/diagnosis/catalogue.js';
import { detailOf, finding } from '../../src/diagnosis/checks/check.js';
import { runCheck } from '../../src/diagnosis/checks/run-check.js';
import { CHECKS } from '../../src/diagnosis/diagnose.js';
import type { Facts } from '../../src/diagnosis/facts.js';
import type { Finding } from '../../src/diagnosis/types.js';
import { PRODUCERS } from './finding-producers.js';

function findingsOf(facts: Facts): Finding[] {
  return CHECKS.flatMap((check) => runCheck(check, facts).findings);
}

describe('finding text: every catalogue code, as the checks report it', () => {
  it.each(FINDING_CODES)('%s has a cause, a fix as the catalogue says, and the ids it is about', (code) => {
    const produced = findingsOf(PRODUCERS[code]()).filter((f) => f.code === code);

    expect(produced.length).toBeGreaterThan(0);
    for (const found of produced) {
      expect(found.cause.trim().length).toBeGreaterThan(0);
      expect(found.detail.startsWith(found.cause)).toBe(true);
      const promise = CATALOGUE[code].fix;
      if (promise === 'always') expect(found.fix?.trim() || null).not.toBeNull();
      if (promise === 'never') expect(found.fix).toBeNull();
      if (found.fix !== null) expect(found.detail).toContain(found.fix);
      if (found.shortFix !== undefined) expect(found.shortFix.length).toBeLessThan(found.fix?.length ?? 0);
      expect(found.resources.length).toBeGreaterThan(0);
    }
  });
});

describe('the catalogue promises a fix for every error a user can act on', () => {
  /** Error codes without a promised fix, and why: the catalogue must say the same. */
  const NO_PROMISED_FIX: Partial<Record<FindingCode, string>> = {
    PUBLIC_API_SHADOWED_BY_PRIVATE_DNS: 'without the caller VPC it is a warning about other VPCs',
    PROBE_HTTP_FORBIDDEN: 'what the probe saw; the fix is in the finding of the layer that refused it',
  };

  it.each(FINDING_CODES.filter((code) => CATALOGUE[code].severity === 'error'))('%s', (code) => {
    expect(CATALOGUE[code].fix).toBe(code in NO_PROMISED_FIX ? 'sometimes' : 'always');
  });

  it('promises no fix only for notes (info), never for an error or a warning', () => {
    const never = FINDING_CODES.filter((code) => CATALOGUE[code].fix === 'never');
    expect(never.map((code) => CATALOGUE[code].severity)).toEqual(never.map(() => 'info'));
  });
});

describe('the finding builder', () => {
  it('writes the detail as cause, explanation, fix and caveat, in that order', () => {
    const text = { cause: 'A.', explanation: 'B.', fix: 'C.', caveat: 'D.', resources: ['x', 'x'] };

    const built = finding('POLICY_MISSING', text, {});

    expect(detailOf(text)).toBe('A. B. C. D.');
    expect(built).toMatchObject({ detail: 'A. B. C. D.', cause: 'A.', fix: 'C.', resources: ['x'] });
    expect(built).not.toHaveProperty('shortFix');
  });

  it('requires a fix where the catalogue promises one and refuses one where it says there is none', () => {
    // @ts-expect-error POLICY_MISSING promises a fix: null does not type-check.
    finding('POLICY_MISSING', { cause: 'A.', fix: null, resources: [] }, {});
    // @ts-expect-error PROBE_HTTP_OK is an observation: a fix does not type-check.
    finding('PROBE_HTTP_OK', { cause: 'A.', fix: 'B.', resources: [] }, {});
    expect(finding('PROBE_HTTP_FORBIDDEN', { cause: 'A.', fix: null, resources: [] }, {}).fix).toBeNull();
  });
});
