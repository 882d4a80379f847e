// The command grammar of spec §2, shared by the CLI (argv) and Slack (slash-command text). Pure: it reads no
// environment and calls no AWS; anything malformed becomes a short error naming the offending token.

import type { DiagnosisRequest } from '../diagnosis/types.js';
import {
  ACCOUNT_ID,
  DEFAULT_SINCE_MS,
  DOMAIN_NAME,
  HTTP_METHOD,
  parseDuration,
  REGION,
  REST_API_ID,
  SECURITY_GROUP_ID,
  STAGE_NAME,
  VPC_ID,
  VPCE_ID,
} from './formats.js';
import { tokenizeSlackText } from './slack-text.js';
import { idOnlyTarget, parseTarget, type TargetInfo } from './target.js';

export const MAX_INPUT_CHARS = 2000;

/** Where the command is typed: the terminal (and the MCP tools, which report in its words) or Slack. */
export type Surface = 'cli' | 'slack';

/** The command as the surface spells it: the CLI's program name or Slack's slash command. */
function commandOn(surface: Surface): string {
  return surface === 'cli' ? 'apigw-diagnose' : '/apigw-diagnose';
}

/** The usage text, in the syntax of the surface that shows it: the CLI's program name or Slack's slash command. */
export function usageFor(surface: Surface): string {
  const command = commandOn(surface);
  const json =
    surface === 'cli' ? 'print the report as JSON' : 'also post the whole report as JSON in the thread';
  return `Usage: ${command} <target> [options]
  <target>          a REST API id (e.g. a1b2c3d4e5) or the failing https invoke URL (execute-api or a
                    private custom domain name such as https://api.example.internal/orders)
Options:
  --stage S         stage to diagnose (default: from the URL, else the API's only stage)
  --region R        AWS region (default: from the URL, else AWS_REGION)
  --vpc vpc-…       the caller's VPC
  --vpce vpce-…     the caller's execute-api VPC endpoint
  --sg sg-…         the caller's security group(s); repeat or comma-separate
  --api-id ID       the API id, needed with a vpce-….vpce.amazonaws.com or a custom domain URL
  --domain NAME     the private custom domain name the caller uses (also checked with an API id target)
  --method M        the failing call's HTTP method (GET, POST, …; default: any)
  --account ID      the API's AWS account, when the tool reads several (default: found by searching them)
  --since 15m       how far back to read execution logs (30s, 15m, 2h, 1d; max 7d)
  --no-probe        skip the live in-VPC probe
  --json            ${json}
  help, --help, -h  show this text
Examples:
  ${command} https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/orders
  ${command} a1b2c3d4e5 --region eu-west-1 --stage prod --vpc vpc-0a1b2c3d --sg sg-0123abcd,sg-4567ef01
  ${command} https://api.example.internal/orders --api-id a1b2c3d4e5 --region eu-west-1 --vpce vpce-0a1b2c3d`;
}

export const USAGE = usageFor('cli');

export const NO_REGION = 'no region: pass --region or set AWS_REGION';

/**
 * The one explanation of a usage error, which the CLI (stderr) and Slack (ephemeral) both show above the usage:
 * the parser's message, then where to read every option, each in the surface's own syntax. The terminal's pointer
 * also names the Slack command, for people who use both.
 */
export function explainUsageError(message: string, surface: Surface): { problem: string; help: string } {
  const command = commandOn(surface);
  const alsoInSlack = surface === 'cli' ? ` (in Slack: \`${commandOn('slack')} help\`)` : '';
  return {
    problem: `${command}: ${message}`,
    help: `See \`${command} help\`${alsoInSlack} for every option.`,
  };
}

export type ParseResult =
  | { kind: 'help' }
  | { kind: 'diagnose'; request: DiagnosisRequest; json: boolean }
  | { kind: 'error'; message: string };

export interface ParseEnv {
  /** The region to use when neither --region nor the URL gives one (AWS_REGION), or null. */
  defaultRegion: string | null;
}

type ValueOption =
  | '--stage'
  | '--region'
  | '--vpc'
  | '--vpce'
  | '--sg'
  | '--api-id'
  | '--domain'
  | '--since'
  | '--method'
  | '--account';
type FlagOption = '--no-probe' | '--json';

const VALUE_OPTIONS: readonly string[] = [
  '--stage',
  '--region',
  '--vpc',
  '--vpce',
  '--sg',
  '--api-id',
  '--domain',
  '--since',
  '--method',
  '--account',
];
const FLAG_OPTIONS: readonly string[] = ['--no-probe', '--json'];
const HELP_TOKENS: readonly string[] = ['--help', '-h'];

interface RawArgs {
  target: string | null;
  values: Partial<Record<Exclude<ValueOption, '--sg'>, string>>;
  securityGroups: string[];
  flags: Set<FlagOption>;
}

/** Parses Slack slash-command text: unwraps Slack's link formatting and quotes, then applies the grammar. */
export function parseCommandText(text: string, env: ParseEnv): ParseResult {
  if (text.length > MAX_INPUT_CHARS) return tooLong();
  const tokenized = tokenizeSlackText(text);
  if (!tokenized.ok) return error(tokenized.message);
  return parseArgs(tokenized.tokens, env);
}

/** Parses already-split arguments (CLI argv without the program name). */
export function parseArgs(args: string[], env: ParseEnv): ParseResult {
  if (args.join(' ').length > MAX_INPUT_CHARS) return tooLong();
  if (args.length === 0 || args[0]?.toLowerCase() === 'help' || args.some((a) => HELP_TOKENS.includes(a))) {
    return { kind: 'help' };
  }
  const raw = readTokens(args);
  if (typeof raw === 'string') return error(raw);
  const request = buildRequest(raw, env);
  if (typeof request === 'string') return error(request);
  return { kind: 'diagnose', request, json: raw.flags.has('--json') };
}

function readTokens(args: string[]): RawArgs | string {
  const raw: RawArgs = { target: null, values: {}, securityGroups: [], flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const token = args[i] ?? '';
    if (!token.startsWith('-') || token === '-') {
      if (raw.target !== null) return `unexpected extra argument "${token}" (only one target is allowed)`;
      raw.target = token;
      continue;
    }
    const eq = token.indexOf('=');
    const name = eq === -1 ? token : token.slice(0, eq);
    const inline = eq === -1 ? undefined : token.slice(eq + 1);
    if (FLAG_OPTIONS.includes(name)) {
      if (inline !== undefined) return `${name} takes no value (got "${token}")`;
      raw.flags.add(name as FlagOption);
      continue;
    }
    if (!VALUE_OPTIONS.includes(name)) return `unknown option "${name}"`;
    let value = inline;
    if (value === undefined) {
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      }
    }
    if (value === undefined || value === '') return `${name} needs a value`;
    const option = name as ValueOption;
    if (option === '--sg') {
      raw.securityGroups.push(...value.split(',').filter((part) => part !== ''));
      continue;
    }
    if (raw.values[option] !== undefined) return `${name} is given more than once`;
    raw.values[option] = value;
  }
  return raw;
}

function buildRequest(raw: RawArgs, env: ParseEnv): DiagnosisRequest | string {
  const { values } = raw;
  const invalid = validateOptionValues(raw);
  if (invalid) return invalid;

  let target: TargetInfo;
  if (raw.target !== null) {
    const parsed = parseTarget(raw.target);
    if (!parsed.ok) return parsed.message;
    target = parsed.target;
  } else if (values['--api-id'] !== undefined) {
    target = idOnlyTarget(null);
  } else {
    return 'missing target: give a REST API id or the invoke URL';
  }

  const conflict = findConflict(raw, target);
  if (conflict) return conflict;

  const apiId = target.apiId ?? values['--api-id'];
  if (apiId === undefined && target.urlForm === 'custom-domain') {
    return `the custom domain URL "${target.url}" does not name the API: pass --api-id <id> (the API its base path mapping points to)`;
  }
  if (apiId === undefined) {
    return `the URL "${target.url}" does not name the API: pass --api-id <id> (the id in the Host or x-apigw-api-id header)`;
  }
  const region = values['--region'] ?? target.region ?? env.defaultRegion;
  if (region === null || region === '') return NO_REGION;
  if (!REGION.test(region)) return `AWS_REGION "${region}" is not an AWS region: pass --region`;

  return {
    apiId,
    region,
    stage: values['--stage'] ?? target.stage,
    urlForm: target.urlForm,
    url: target.url,
    vpcId: values['--vpc'] ?? null,
    vpceId: values['--vpce'] ?? target.vpceId,
    customDomain: customDomainOf(target, values['--domain']),
    callerSecurityGroupIds: [...new Set(raw.securityGroups)],
    sinceMs:
      values['--since'] === undefined
        ? DEFAULT_SINCE_MS
        : (parseDuration(values['--since']) ?? DEFAULT_SINCE_MS),
    probe: !raw.flags.has('--no-probe'),
    ...(values['--method'] === undefined ? {} : { method: values['--method'].toUpperCase() }),
    ...(values['--account'] === undefined ? {} : { accountId: values['--account'] }),
  };
}

/** The URL's custom domain (with its base path), else the one --domain names (any base path). */
function customDomainOf(
  target: TargetInfo,
  domainOption: string | undefined,
): DiagnosisRequest['customDomain'] {
  if (target.customDomain) return target.customDomain;
  return domainOption === undefined ? null : { name: domainOption.toLowerCase(), basePath: null };
}

function validateOptionValues(raw: RawArgs): string | null {
  const { values } = raw;
  const rules: [ValueOption, RegExp, string][] = [
    ['--stage', STAGE_NAME, 'a stage name (letters, digits, - and _, up to 128)'],
    ['--region', REGION, 'an AWS region like us-east-1'],
    ['--vpc', VPC_ID, 'a VPC id (vpc- and 8 or 17 hex digits)'],
    ['--vpce', VPCE_ID, 'a VPC endpoint id (vpce- and 8 or 17 hex digits)'],
    ['--api-id', REST_API_ID, 'a REST API id (10 lowercase letters or digits)'],
    ['--method', HTTP_METHOD, 'an HTTP method (GET, POST, PUT, DELETE, PATCH, HEAD or OPTIONS)'],
    ['--domain', DOMAIN_NAME, 'a domain name like api.example.internal'],
    ['--account', ACCOUNT_ID, 'an AWS account id (12 digits)'],
  ];
  for (const [option, pattern, expected] of rules) {
    const value = values[option as Exclude<ValueOption, '--sg'>];
    if (value !== undefined && !pattern.test(value)) return `${option} "${value}" is not ${expected}`;
  }
  const badGroup = raw.securityGroups.find((group) => !SECURITY_GROUP_ID.test(group));
  if (badGroup !== undefined)
    return `--sg "${badGroup}" is not a security group id (sg- and 8 or 17 hex digits)`;
  const since = values['--since'];
  if (since !== undefined && parseDuration(since) === null) {
    return `--since "${since}" is not a duration between 1s and 7d (like 30s, 15m, 2h, 1d)`;
  }
  return null;
}

function findConflict(raw: RawArgs, target: TargetInfo): string | null {
  const pairs: [string, string | null, string | undefined][] = [
    ['region', target.region, raw.values['--region']],
    ['API id', target.apiId, raw.values['--api-id']],
    ['stage', target.stage, raw.values['--stage']],
    ['VPC endpoint', target.vpceId, raw.values['--vpce']],
    ['custom domain', target.customDomain?.name ?? null, raw.values['--domain']?.toLowerCase()],
  ];
  for (const [what, fromTarget, fromOption] of pairs) {
    if (fromTarget !== null && fromOption !== undefined && fromTarget !== fromOption) {
      return `conflicting ${what}: "${raw.target}" says ${fromTarget} but the option says ${fromOption}`;
    }
  }
  return null;
}

function tooLong(): ParseResult {
  return error(`input is longer than ${MAX_INPUT_CHARS} characters`);
}

function error(message: string): ParseResult {
  return { kind: 'error', message };
}
