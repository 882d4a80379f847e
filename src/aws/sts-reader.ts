// Who the bot's credentials are: their account owns every REST API they can read, so it is the account every
// execute-api ARN of a diagnosis is evaluated against (a policy naming another account then matches nothing).

import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { CallerIdentity } from '../diagnosis/facts.js';
import type { IdentityReader } from '../diagnosis/ports.js';
import { callAws } from './errors.js';

export class SdkIdentityReader implements IdentityReader {
  constructor(private readonly client: STSClient) {}

  async callerIdentity(): Promise<CallerIdentity> {
    const out = await callAws('GetCallerIdentity', 'sts:GetCallerIdentity', () =>
      this.client.send(new GetCallerIdentityCommand({})),
    );
    if (!out.Account) throw new Error('GetCallerIdentity returned no account');
    return { accountId: out.Account, arn: out.Arn ?? '' };
  }
}
