import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { captureIo } from '../support/capture-io.js';

describe('runCli', () => {
  it('prints the usage and the probe deploy command for help, and exits 0', async () => {
    const { out, io } = captureIo();
    expect(await runCli(['help'], io)).toBe(0);
    expect(out.stdout).toContain('Usage: apigw-diagnose <target>');
    expect(out.stdout).toContain('apigw-diagnose probe deploy --help');
    expect(out.stderr).toBe('');
  });

  it('exits 2 with the reason and the usage on stderr for malformed input, printing nothing on stdout', async () => {
    const { out, io } = captureIo();
    expect(await runCli(['not-an-id!'], io)).toBe(2);
    expect(out.stderr).toMatch(/^apigw-diagnose: .*not-an-id!/);
    expect(out.stdout).toBe('');
  });

  it('exits 2 with the usage on stderr when no argument is given', async () => {
    const { out, io } = captureIo();
    expect(await runCli([], io)).toBe(2);
    expect(out.stderr).toMatch(/^apigw-diagnose: no target given\n/);
    expect(out.stderr).toContain('Usage: apigw-diagnose <target>');
    expect(out.stdout).toBe('');
  });

  it('names a profile that does not exist and exits 3 without calling AWS', async () => {
    vi.stubEnv('AWS_PROFILE', 'nosuch');
    try {
      const { out, io } = captureIo();
      expect(await runCli(['a1b2c3d4e5', '--no-probe'], io)).toBe(3);
      expect(out.stderr).toBe(
        'apigw-diagnose: the AWS profile "nosuch" (AWS_PROFILE) is in neither /dev/null nor /dev/null; nothing was sent to AWS\n',
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('exits 2 for an unknown probe sub-command', async () => {
    const { out, io } = captureIo();
    expect(await runCli(['probe', 'destroy'], io)).toBe(2);
    expect(out.stderr).toContain("unknown probe command 'destroy'");
    expect(out.stderr).toContain('usage: apigw-diagnose probe deploy --vpc');
  });

  it('prints the probe usage on stderr and exits 2 for probe without a sub-command', async () => {
    const { out, io } = captureIo();
    expect(await runCli(['probe'], io)).toBe(2);
    expect(out.stderr).toMatch(/^apigw-diagnose: probe needs a sub-command\n/);
    expect(out.stderr).toContain('usage: apigw-diagnose probe deploy --vpc');
    expect(out.stdout).toBe('');
  });

  it.each([['--version'], ['-v']])("prints package.json's version for %s and exits 0", async (flag) => {
    const { out, io } = captureIo();
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(await runCli([flag], io)).toBe(0);
    expect(out.stdout).toBe(`${version}\n`);
  });
});
