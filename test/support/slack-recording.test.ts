import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingFileName, saveRecording } from './slack-recording.js';

describe('SLACK_RECORDING_DIR recordings', () => {
  it('creates the folder, nested, when it does not exist', () => {
    // Prepare
    const root = mkdtempSync(join(tmpdir(), 'recording-'));
    const dir = join(root, 'a', 'b');

    // Act
    const path = saveRecording(dir, 'fix flow > redeploys the stage', [{ method: 'chat.update' }]);

    // Assess
    expect(existsSync(dir)).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual([{ method: 'chat.update' }]);
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps the start of a long test name and tells two long names apart', () => {
    // Prepare
    const start = 'remediation through Slack against moto > Enable private DNS ';
    const a = `${start}${'x'.repeat(300)} first`;
    const b = `${start}${'x'.repeat(300)} second`;

    // Act
    const nameA = recordingFileName(a);
    const nameB = recordingFileName(b);

    // Assess
    expect(nameA.startsWith('remediation-through-Slack-against-moto-Enable-private-DNS-')).toBe(true);
    expect(nameA.length).toBeLessThanOrEqual(205);
    expect(nameA).not.toBe(nameB);
  });
});
