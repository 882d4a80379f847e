// Slack and the terminal explain a usage error with the same parser message, each pointing at its own help in
// its own syntax: `apigw-diagnose help` in the terminal, `/apigw-diagnose help` in Slack.

import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { explainUsageError, parseArgs, parseCommandText, USAGE } from '../../src/command/parse.js';
import { renderUsage } from '../../src/slack/render/notices.js';
import { captureIo } from '../support/capture-io.js';

const env = { defaultRegion: 'us-east-1' };

describe('usage errors in Slack and in the terminal', () => {
  it.each<[string, string]>([
    ['a malformed target', 'not_an_id'],
    ['an unknown option', 'a1b2c3d4e5 --colour'],
    ['a bad --vpc', 'a1b2c3d4e5 --vpc subnet-123'],
    ['a bad --since', 'a1b2c3d4e5 --since yesterday'],
    ['an option without its target', '--stage prod'],
  ])('%s: same message, help in the syntax of each surface', async (_name, input) => {
    const args = input.split(' ');
    const cliParsed = parseArgs(args, env);
    const slackParsed = parseCommandText(input, env);
    expect(cliParsed.kind).toBe('error');
    expect(slackParsed).toEqual(cliParsed);
    const message = cliParsed.kind === 'error' ? cliParsed.message : '';
    const { problem, help } = explainUsageError(message, 'cli');
    const inSlack = explainUsageError(message, 'slack');

    const { out, io } = captureIo();
    const code = await runCli(args, io);
    const slack = renderUsage(message);
    const slackText = (slack.blocks[0] as { text: { text: string } }).text.text;

    expect(code).toBe(2);
    expect(out.stderr.split('\n').slice(0, 2)).toEqual([problem, help]);
    expect(help).toBe('See `apigw-diagnose help` (in Slack: `/apigw-diagnose help`) for every option.');
    expect(out.stderr).toContain(USAGE);
    expect(slack.text).toBe(`/apigw-diagnose: ${message}`);
    expect(slack.text).toBe(inSlack.problem);
    expect(slackText).toContain('See `/apigw-diagnose help` for every option.');
    expect(slackText).toContain(inSlack.help);
    expect(slackText).toContain('Usage: /apigw-diagnose &lt;target&gt; [options]');
    // Every example in Slack's usage is a slash command; none is the CLI's.
    expect(slackText).not.toMatch(/^ {2}apigw-diagnose /m);
    expect(slackText.match(/^ {2}\/apigw-diagnose /gm)).toHaveLength(3);
  });
});
