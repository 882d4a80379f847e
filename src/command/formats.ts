// The shapes of the identifiers and values the command accepts. Checking them here means a typo is answered
// with a usage error before any AWS call is made.

/** REST API ids are exactly 10 lowercase letters or digits. */
export const REST_API_ID = /^[a-z0-9]{10}$/;
export const ACCOUNT_ID = /^\d{12}$/;
/** EC2 ids come in a short (8 hex) and a long (17 hex) form. */
export const VPC_ID = /^vpc-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
export const VPCE_ID = /^vpce-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
export const SECURITY_GROUP_ID = /^sg-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
/** `us-east-1`, `ap-southeast-2`, `us-gov-west-1`, `us-iso-east-1`. */
export const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
/** API Gateway stage names: letters, digits, hyphens and underscores, up to 128. */
export const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** A DNS name of two or more labels (lowercase), e.g. `api.example.internal`: a custom domain name. */
export const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;
/** One base-path segment of a custom domain URL ('' is the root mapping). */
export const BASE_PATH = /^[A-Za-z0-9._~-]{0,128}$/;

const SECOND = 1000;
const UNIT_MS = { s: SECOND, m: 60 * SECOND, h: 3600 * SECOND, d: 86_400 * SECOND } as const;
export const MIN_SINCE_MS = SECOND;
export const MAX_SINCE_MS = 7 * UNIT_MS.d;
export const DEFAULT_SINCE_MS = 15 * UNIT_MS.m;

/** `30s`, `15m`, `2h`, `1d` → milliseconds; null when the text is not such a duration or is out of range. */
export function parseDuration(text: string): number | null {
  const match = /^(\d{1,7})([smhd])$/.exec(text);
  if (!match) return null;
  const [, amount, unit] = match;
  const ms = Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  return ms >= MIN_SINCE_MS && ms <= MAX_SINCE_MS ? ms : null;
}

/** The verbs an invoke ARN carries (`--method`), in any case. */
export const HTTP_METHOD = /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$/i;
