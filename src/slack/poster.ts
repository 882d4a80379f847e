// The tiny port the Slack flows talk through (post, update, ephemeral), so they depend on three verbs rather
// than on the whole Web API client — and tests of the flows can record what was said.

import type { webApi } from '@slack/bolt';
import type { SlackMessage } from './render/message.js';

export interface SlackPoster {
  /** Posts in the channel, or in a thread when `threadTs` is given; returns the new message's ts. */
  post(channelId: string, message: SlackMessage, threadTs?: string | null): Promise<string>;
  update(channelId: string, ts: string, message: SlackMessage): Promise<void>;
  postEphemeral(
    channelId: string,
    userId: string,
    message: SlackMessage,
    threadTs?: string | null,
  ): Promise<void>;
}

export function createSlackPoster(client: webApi.WebClient): SlackPoster {
  return {
    async post(channelId, message, threadTs) {
      const response = await client.chat.postMessage({
        channel: channelId,
        text: message.text,
        blocks: message.blocks,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
      if (!response.ts) throw new Error('chat.postMessage returned no ts');
      return response.ts;
    },
    async update(channelId, ts, message) {
      await client.chat.update({ channel: channelId, ts, text: message.text, blocks: message.blocks });
    },
    async postEphemeral(channelId, userId, message, threadTs) {
      await client.chat.postEphemeral({
        channel: channelId,
        user: userId,
        text: message.text,
        blocks: message.blocks,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
    },
  };
}
