// Which condition keys an execute-api:Invoke call through a VPC endpoint carries, as far as AWS documents it. The
// engine fills in the keys it can know (the endpoint, the VPC, the region, the time…); the signer's keys are
// absent from an unsigned call; every other key may or may not be on the call, and a condition on it must never
// read as a definite allow or deny — the note names the key and the page that documents it.

import type { PresenceOf } from './conditions.js';
import { isSignerKey } from './principal.js';

const IAM_GLOBAL_KEYS_PAGE =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';
const EXECUTE_API_KEYS_PAGE =
  'https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonapigateway.html';

/**
 * Presence of keys that are neither in the request context nor among the keys whose value is unknown: a signer key
 * is absent (the caller is judged unsigned, or the signer keys are already unknown), anything else is unknown.
 */
export const executeApiKeyPresence: PresenceOf = (key) => {
  if (isSignerKey(key)) return { known: true };
  const global = key.toLowerCase().startsWith('aws:');
  return {
    known: false,
    note:
      `${key}: whether an execute-api:Invoke call carries it is not documented ` +
      `(${global ? `IAM global condition keys, ${IAM_GLOBAL_KEYS_PAGE}` : `execute-api condition keys, ${EXECUTE_API_KEYS_PAGE}`})`,
  };
};
