// Binds a button to the message that offered it. The value a fix button (or Re-run) carries is signed together
// with the channel, the message ts and the action, so a click acts only on what that message offered: a value
// copied to another message, edited to name another API or request, or sent with another action id fails.
// The key is derived from a secret every replica of the app already shares (the signing secret, or in Socket
// Mode the app token), so no state is needed and any replica can verify any button.

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FixId } from '../remediation/types.js';
import type { RERUN_ACTION_ID } from './action-ids.js';

export type OfferKey = Buffer;

export function offerKeyFrom(sharedSecret: string): OfferKey {
  return createHmac('sha256', sharedSecret).update('apigw-diagnose fix offer v1').digest();
}

export interface OfferBinding {
  channelId: string;
  messageTs: string;
  /** The fix, or Re-run. */
  fix: FixId | typeof RERUN_ACTION_ID;
  /** The button value without its token, as encodeButtonValue writes it. */
  value: string;
}

export function signOffer(key: OfferKey, offer: OfferBinding): string {
  return createHmac('sha256', key)
    .update(`${offer.channelId}\n${offer.messageTs}\n${offer.fix}\n${offer.value}`)
    .digest('base64url');
}

export function offerTokenMatches(key: OfferKey, offer: OfferBinding, token: string): boolean {
  const expected = Buffer.from(signOffer(key, offer));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
