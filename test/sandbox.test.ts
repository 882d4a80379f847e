// The sandbox (`npm run sandbox`) run the way a newcomer runs it, non-interactively: moto_server with a seeded
// scenario, the built CLI, the built bot against the loopback Slack stand-in, and one file per posted message
// with a Block Kit Builder link. Fails (never skips) when moto_server or the build is missing.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BLOCK_KIT_BUILDER, blockKitBuilderUrl, parseSandboxArgs } from '../scripts/sandbox.mjs';
import { assertCliBuilt } from './integration/built-cli.js';

const SANDBOX = join(import.meta.dirname, '..', 'scripts', 'sandbox.mjs');

function runSandbox(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SANDBOX, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The `{blocks}` a Block Kit Builder link carries in its fragment. */
function blocksInLink(link: string): unknown {
  expect(link.startsWith(BLOCK_KIT_BUILDER)).toBe(true);
  return JSON.parse(decodeURIComponent(link.slice(BLOCK_KIT_BUILDER.length)));
}

describe('sandbox arguments', () => {
  it.each([
    [['nope'], /no scenario named "nope"/],
    [['cli'], /cli needs a scenario name/],
    [['slack', 'healthy', 'extra'], /unexpected extra/],
    [['healthy', '--region', 'eu-west-1'], /unknown option --region/],
    [['healthy', '--out'], /--out needs a directory/],
  ])('refuses %j', (argv, message) => {
    const parsed = parseSandboxArgs(argv);
    expect(parsed.error).toMatch(message);
  });

  it('reads a scenario, a side and an output directory', () => {
    expect(parseSandboxArgs(['cli', 'healthy'])).toMatchObject({ command: 'cli', scenario: 'healthy' });
    expect(parseSandboxArgs(['healthy', '--out', '/tmp/x'])).toEqual({
      command: 'both',
      scenario: 'healthy',
      out: '/tmp/x',
    });
    expect(parseSandboxArgs([])).toMatchObject({ command: 'interactive' });
    expect(parseSandboxArgs(['list'])).toMatchObject({ command: 'list' });
  });

  it('puts a message in a Block Kit Builder link that gives it back whole', () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'a #hash & 100% `code`' } }];
    const link = blockKitBuilderUrl(blocks);
    expect(link).not.toMatch(/\s/);
    expect(link.indexOf('#')).toBe(BLOCK_KIT_BUILDER.length - 1);
    expect(blocksInLink(link)).toEqual({ blocks });
  });
});

describe('npm run sandbox -- <scenario>', () => {
  const out = mkdtempSync(join(tmpdir(), 'sandbox-test-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('starts nothing and writes nothing on a bad scenario name', async () => {
    const run = await runSandbox(['no-such-scenario', '--out', out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no scenario named "no-such-scenario"');
    expect(readdirSync(out)).toEqual([]);
  });

  it("seeds the scenario, prints the CLI's report and writes each message the bot posts with its link", async () => {
    assertCliBuilt();
    const run = await runSandbox(['policy-denies-vpce', '--out', out]);
    expect(run.stderr).not.toContain('moto_server, the AWS emulator');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('POLICY_DENIES_VPCE');

    const dir = join(out, 'policy-denies-vpce');
    const index = readFileSync(join(dir, 'messages.txt'), 'utf8');
    const entries = [...index.matchAll(/^\d+\. (\S+) in the (channel|thread): (\S+)\n {3}(\S+)$/gm)];
    // The "Diagnosing…" placeholder, the report that replaces it, then the evidence in its thread.
    expect(entries.map((entry) => `${entry[1]} ${entry[2]}`).slice(0, 3)).toEqual([
      'chat.postMessage channel',
      'chat.update channel',
      'chat.postMessage thread',
    ]);
    for (const [, , , file, link] of entries) {
      const written = JSON.parse(readFileSync(join(dir, file as string), 'utf8'));
      expect(blocksInLink(link as string)).toEqual(written);
      expect(Array.isArray(written.blocks) && written.blocks.length > 0).toBe(true);
    }
    const report = readFileSync(join(dir, entries[1]?.[3] as string), 'utf8');
    expect(report).toContain('POLICY_DENIES_VPCE');
    expect(existsSync(join(dir, entries[0]?.[3] as string))).toBe(true);
  });
});
