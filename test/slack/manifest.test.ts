import { readFileSync } from 'node:fs';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createLogger } from '../../src/log.js';
import { FIX_IDS } from '../../src/remediation/registry.js';
import { createRemediationService } from '../../src/remediation/service.js';
import { ALL_ACTION_IDS, COMMAND_NAME } from '../../src/slack/action-ids.js';
import { InFlight } from '../../src/slack/in-flight.js';
import { registerListeners } from '../../src/slack/listeners/index.js';
import { offerKeyFrom } from '../../src/slack/offer-token.js';
import type { SlackPoster } from '../../src/slack/poster.js';
import { MemoryStateStore } from '../../src/state/memory-store.js';
import { healthyReport } from './fixtures.js';
import { NO_REMEDIATOR } from './harness.js';

interface Manifest {
  features: { slash_commands: Array<{ command: string; usage_hint?: string; description: string }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
}

const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')) as Manifest;

function registered() {
  const commands: string[] = [];
  const actions: string[] = [];
  const recorder = {
    command: (name: string) => commands.push(name),
    action: (id: string) => actions.push(id),
  } as unknown as App;
  const poster: SlackPoster = {
    post: async () => 'ts',
    update: async () => {},
    postEphemeral: async () => {},
  };
  const store = new MemoryStateStore();
  const logger = createLogger({ level: 'silent' });
  registerListeners(recorder, {
    slack: poster,
    diagnose: async () => healthyReport(),
    remediation: createRemediationService({
      remediatorFor: NO_REMEDIATOR,
      store,
      logger,
      allowedUsers: new Set(),
      lockTtlMs: 1000,
      justAppliedWindowMs: 1000,
      planTimeoutMs: 1000,
      now: Date.now,
    }),
    store,
    logger,
    inFlight: new InFlight(),
    defaultRegion: null,
    probeFunction: null,
    offerKey: offerKeyFrom('test'),
    now: Date.now,
  });
  return { commands, actions };
}

describe('manifest.yml ↔ code', () => {
  it('declares exactly the slash commands the code listens to', () => {
    const declared = manifest.features.slash_commands.map((command) => command.command);

    expect(declared).toEqual(registered().commands);
    expect(declared).toEqual([COMMAND_NAME]);
  });

  it('enables interactivity because the code listens to exactly the button action ids: each fix, Re-run and Undo', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(registered().actions.sort()).toEqual([...ALL_ACTION_IDS].sort());
    expect([...ALL_ACTION_IDS].sort()).toEqual([...FIX_IDS, 'rerun', 'undo'].sort());
  });

  it('asks only for the bot scopes the bot uses, with Socket Mode on', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['chat:write', 'chat:write.public', 'commands']);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
