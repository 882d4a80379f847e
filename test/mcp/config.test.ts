// The MCP endpoint's configuration: no token, no endpoint; a weak token or a shared port stops the bot,
// naming the variable and never its value.

import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_MCP_PORT,
  loadConfig,
  loadMcpHttpSettings,
  loadSharingSettings,
} from '../../src/config.js';

const TOKEN = 'aB3'.repeat(14);
const BOT = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'secret' };

describe('the MCP endpoint settings', () => {
  it('serve nothing without a token, on the default port', () => {
    expect(loadMcpHttpSettings({})).toEqual({ token: null, port: DEFAULT_MCP_PORT });
    expect(loadConfig(BOT).mcp).toEqual({ token: null, port: DEFAULT_MCP_PORT });
  });

  it('take the token and the port', () => {
    expect(loadMcpHttpSettings({ APIGW_DIAGNOSE_MCP_TOKEN: TOKEN, APIGW_DIAGNOSE_MCP_PORT: '8443' })).toEqual(
      {
        token: TOKEN,
        port: 8443,
      },
    );
  });

  it.each([
    ['too short', 'short-token'],
    ['with a space', `${TOKEN} ${TOKEN}`],
  ])('refuse a token %s, naming the variable but not the value', (_name, token) => {
    const load = () => loadMcpHttpSettings({ APIGW_DIAGNOSE_MCP_TOKEN: token });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/^APIGW_DIAGNOSE_MCP_TOKEN must be/);
    try {
      load();
    } catch (error) {
      expect((error as Error).message).not.toContain(token);
    }
  });

  it('refuse a port that is not one', () => {
    expect(() => loadMcpHttpSettings({ APIGW_DIAGNOSE_MCP_PORT: '70000' })).toThrow(
      /^APIGW_DIAGNOSE_MCP_PORT must be a TCP port number/,
    );
  });

  it('refuse the Slack port for the MCP endpoint', () => {
    expect(() =>
      loadConfig({ ...BOT, PORT: '3000', APIGW_DIAGNOSE_MCP_PORT: '3000', APIGW_DIAGNOSE_MCP_TOKEN: TOKEN }),
    ).toThrow(/^APIGW_DIAGNOSE_MCP_PORT must differ from PORT/);
  });
});

describe('the sharing settings of apigw-diagnose mcp', () => {
  it('read the state table and the reuse window as the bot does', () => {
    expect(
      loadSharingSettings({ STATE_TABLE: 'apigw-diagnose-state', DIAGNOSIS_REUSE_SECONDS: '30' }),
    ).toEqual({
      stateTable: 'apigw-diagnose-state',
      diagnosisReuseMs: 30_000,
    });
    expect(() => loadSharingSettings({ STATE_TABLE: 'x' })).toThrow(/^STATE_TABLE must be/);
  });
});
