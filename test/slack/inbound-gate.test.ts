// The request gate's pure parts: the signature window (both directions, at its edges) and the shape check
// that also guards Socket Mode bodies, which do not pass the HTTP gate.

import { describe, expect, it } from 'vitest';
import { checkBody, checkParsed, MAX_CLOCK_SKEW_S, verifySignature } from '../../src/slack/inbound-gate.js';
import { blockActionsBody, SIGNING_SECRET, sign, slashCommandBody } from '../support/slack-requests.js';

const NOW_MS = 1_700_000_000_000;
const NOW_S = NOW_MS / 1000;
const BODY = 'command=%2Fapigw-diagnose&text=x';

describe('verifySignature', () => {
  it.each([
    ['exactly 5 minutes old', NOW_S - MAX_CLOCK_SKEW_S, null],
    ['5 minutes and 1 second old', NOW_S - MAX_CLOCK_SKEW_S - 1, 'timestamp too old'],
    ['exactly 5 minutes ahead', NOW_S + MAX_CLOCK_SKEW_S, null],
    ['5 minutes and 1 second ahead', NOW_S + MAX_CLOCK_SKEW_S + 1, 'timestamp in the future'],
    ['one day ahead', NOW_S + 86_400, 'timestamp in the future'],
  ])('a request signed %s: %s', (_label, timestamp, problem) => {
    const signature = sign(SIGNING_SECRET, timestamp, BODY);

    expect(verifySignature(SIGNING_SECRET, String(timestamp), signature, BODY, NOW_MS)).toBe(problem);
  });

  it.each([
    ['no timestamp', null, sign(SIGNING_SECRET, NOW_S, BODY), 'missing or malformed timestamp'],
    [
      'a timestamp that is not a number',
      'soon',
      sign(SIGNING_SECRET, NOW_S, BODY),
      'missing or malformed timestamp',
    ],
    ['no signature', String(NOW_S), null, 'missing or malformed signature'],
    [
      'a v1 signature',
      String(NOW_S),
      sign(SIGNING_SECRET, NOW_S, BODY).replace('v0=', 'v1='),
      'missing or malformed signature',
    ],
    ['another secret', String(NOW_S), sign('other', NOW_S, BODY), 'signature mismatch'],
    ['another body', String(NOW_S), sign(SIGNING_SECRET, NOW_S, `${BODY}&x=1`), 'signature mismatch'],
  ])('refuses %s', (_label, timestamp, signature, problem) => {
    expect(verifySignature(SIGNING_SECRET, timestamp, signature, BODY, NOW_MS)).toBe(problem);
  });
});

describe('checkParsed (also the Socket Mode guard)', () => {
  const command = Object.fromEntries(new URLSearchParams(slashCommandBody({ text: 'a1b2c3d4e5' })));
  const click = JSON.parse(
    new URLSearchParams(blockActionsBody({ actionId: 'rerun', value: '{}', messageTs: '1.2' })).get(
      'payload',
    ) ?? '',
  ) as Record<string, unknown>;

  it('forwards a well-formed command and click', () => {
    expect(checkParsed(command)).toEqual({ kind: 'forward' });
    expect(checkParsed(click)).toEqual({ kind: 'forward' });
  });

  it.each([
    ['null', null],
    ['a click whose user has no id', { ...click, user: {} }],
    ['a click with a channel id that is not one', { ...click, channel: { id: '../x' }, container: {} }],
    ['a click with a message ts that is not one', { ...click, message: { ts: 'now' }, container: {} }],
    ['a click with six actions', { ...click, actions: Array(6).fill((click.actions as unknown[])[0]) }],
    ['a command with a user id that is not one', { ...command, user_id: 'maria' }],
    ['a command with 5000 characters of text', { ...command, text: 'x'.repeat(5000) }],
  ])('refuses %s with 400', (_label, body) => {
    expect(checkParsed(body)).toMatchObject({ kind: 'refuse', status: 400 });
  });

  it('answers what we do not serve with 200 and nothing (no Slack retry)', () => {
    expect(checkParsed({ type: 'view_submission' })).toMatchObject({ kind: 'ok-nothing' });
    expect(checkParsed({ ...command, command: '/other' })).toMatchObject({ kind: 'ok-nothing' });
  });

  it('parses form bodies exactly as Bolt does: a charset suffix makes it JSON, which this is not', () => {
    expect(
      checkBody('application/x-www-form-urlencoded; charset=utf-8', slashCommandBody({ text: 'x' })),
    ).toMatchObject({
      kind: 'refuse',
      status: 400,
    });
  });
});
