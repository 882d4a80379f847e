// `/apigw-diagnose <text>`: parse → ack (usage errors answered in the ack, ephemeral) → diagnose after the ack.

import type { App } from '@slack/bolt';
import { NO_REGION, parseCommandText } from '../../../command/parse.js';
import { COMMAND_NAME } from '../../action-ids.js';
import { type DiagnosisFlowDeps, runDiagnosisInSlack } from '../../diagnosis-flow.js';
import { renderUsage } from '../../render/notices.js';
import { ephemeralResponder, type GuardDeps, guarded } from '../guard.js';

export type CommandDeps = DiagnosisFlowDeps & GuardDeps;

const RESTARTING = 'The bot is restarting; run the command again in a minute.';

export function registerDiagnoseCommand(app: App, deps: CommandDeps): void {
  app.command(COMMAND_NAME, async ({ command, ack, respond }) => {
    if (deps.inFlight.isClosing) {
      await ack({ response_type: 'ephemeral', text: RESTARTING });
      return;
    }
    const parsed = parseCommandText(command.text ?? '', { defaultRegion: deps.defaultRegion });
    if (parsed.kind !== 'diagnose') {
      const usage = renderUsage(parsed.kind === 'error' ? parsed.message : null);
      await ack({ response_type: 'ephemeral', ...usage });
      return;
    }
    if (!parsed.request.region && !deps.defaultRegion) {
      const usage = renderUsage(NO_REGION);
      await ack({ response_type: 'ephemeral', ...usage });
      return;
    }
    await ack();
    const viaResponseUrl = ephemeralResponder(respond);
    const doing = `diagnosing ${parsed.request.apiId}`;
    await guarded(deps, { channelId: command.channel_id, respond: viaResponseUrl, doing }, () =>
      runDiagnosisInSlack(deps, {
        channelId: command.channel_id,
        userId: command.user_id,
        request: parsed.request,
        json: parsed.json,
        respond: viaResponseUrl,
      }),
    );
  });
}
