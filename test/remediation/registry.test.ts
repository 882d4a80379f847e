// The fix registry is the one list Slack renders buttons and dialogs from: its declarations must be complete and
// consistent with the finding catalogue (every remediation a finding names is a registered fix, and `rerun` is not).

import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/diagnosis/catalogue.js';
import { REMEDIATION_IDS } from '../../src/diagnosis/types.js';
import { FIX_IDS, FIXES, fixById, isFixId } from '../../src/remediation/registry.js';

describe('fix registry', () => {
  it('lists each fix once, under the id its module declares', () => {
    expect(FIX_IDS).toEqual([
      'enable-logging',
      'enable-private-dns',
      'redeploy-stage',
      'allow-endpoint-in-policy',
    ]);
    expect(FIX_IDS).toEqual(REMEDIATION_IDS);
    expect(new Set(FIX_IDS).size).toBe(FIXES.length);
    for (const id of FIX_IDS) expect(fixById(id).id).toBe(id);
  });

  it('does not count the Slack Re-run action as a remediation', () => {
    expect(isFixId('rerun')).toBe(false);
    expect(() => fixById('rerun' as never)).toThrow(/unknown fix/);
  });

  it('gives every remediation a catalogue entry names a registered fix', () => {
    const named = Object.values(CATALOGUE).flatMap((entry) => entry.remediations);

    expect(named.length).toBeGreaterThan(0);
    for (const id of named) expect(isFixId(id)).toBe(true);
  });

  it.each(FIXES.map((fix) => [fix.id, fix] as const))(
    '%s declares a button label, required fields, an IAM action and a generic confirm text that fit Slack',
    (_id, fix) => {
      expect(fix.label.length).toBeGreaterThan(0);
      expect(fix.label.length).toBeLessThanOrEqual(75);
      expect(fix.requires.length).toBeGreaterThan(0);
      expect(fix.iamActions.length).toBeGreaterThan(0);
      expect(fix.genericConfirm.length).toBeLessThanOrEqual(300);
      // The lock covers the resource the fix changes, so the field naming it must be required.
      expect(fix.requires).toContain(fix.changes === 'endpoint' ? 'vpceId' : 'stage');
    },
  );

  it('marks the fixes that redeploy as dangerous, and only the redeploy as unable to tell a repeat', () => {
    expect(FIXES.filter((fix) => fix.dangerous).map((fix) => fix.id)).toEqual([
      'redeploy-stage',
      'allow-endpoint-in-policy',
    ]);
    expect(FIXES.filter((fix) => !fix.detectsAlreadyDone).map((fix) => fix.id)).toEqual(['redeploy-stage']);
    expect(fixById('redeploy-stage').confirmTitle?.({ stage: 'prod' })).toBe('Redeploy prod?');
  });
});
