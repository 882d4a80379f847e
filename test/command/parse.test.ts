import { describe, expect, it } from 'vitest';
import {
  MAX_INPUT_CHARS,
  type ParseResult,
  parseArgs,
  parseCommandText,
  USAGE,
} from '../../src/command/parse.js';
import type { DiagnosisRequest } from '../../src/diagnosis/types.js';

const ENV = { defaultRegion: 'us-east-1' };
const NO_ENV_REGION = { defaultRegion: null };
const FIFTEEN_MINUTES = 15 * 60_000;

function request(overrides: Partial<DiagnosisRequest> = {}): DiagnosisRequest {
  return {
    apiId: 'a1b2c3d4e5',
    region: 'us-east-1',
    stage: null,
    urlForm: 'none',
    url: null,
    vpcId: null,
    vpceId: null,
    customDomain: null,
    callerSecurityGroupIds: [],
    sinceMs: FIFTEEN_MINUTES,
    probe: true,
    ...overrides,
  };
}

function diagnose(overrides: Partial<DiagnosisRequest> = {}, json = false): ParseResult {
  return { kind: 'diagnose', request: request(overrides), json };
}

function errorMessage(result: ParseResult): string {
  if (result.kind !== 'error') throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return result.message;
}

describe('parseArgs', () => {
  describe('asking for help', () => {
    it.each([[[]], [['help']], [['HELP']], [['--help']], [['-h']], [['a1b2c3d4e5', '--help']]])(
      'returns help for %j',
      (args) => {
        // Act
        const result = parseArgs(args, ENV);

        // Assess
        expect(result).toEqual({ kind: 'help' });
      },
    );
  });

  describe('target forms', () => {
    it.each<[string, string[], Partial<DiagnosisRequest>]>([
      ['a bare API id uses urlForm none and the default region', ['a1b2c3d4e5'], {}],
      [
        'a private-DNS URL gives region, stage and the URL without query or fragment',
        ['https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/orders/42?token=secret#frag'],
        {
          region: 'eu-west-1',
          stage: 'prod',
          urlForm: 'private-dns',
          url: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/orders/42',
        },
      ],
      [
        'a private-DNS URL without a path has no stage',
        ['https://a1b2c3d4e5.execute-api.ap-southeast-2.amazonaws.com'],
        {
          region: 'ap-southeast-2',
          urlForm: 'private-dns',
          url: 'https://a1b2c3d4e5.execute-api.ap-southeast-2.amazonaws.com/',
        },
      ],
      [
        'a vpce-alias URL gives the endpoint id from the host',
        ['https://a1b2c3d4e5-vpce-0123456789abcdef0.execute-api.us-gov-west-1.amazonaws.com/dev/'],
        {
          region: 'us-gov-west-1',
          stage: 'dev',
          urlForm: 'vpce-alias',
          url: 'https://a1b2c3d4e5-vpce-0123456789abcdef0.execute-api.us-gov-west-1.amazonaws.com/dev/',
          vpceId: 'vpce-0123456789abcdef0',
        },
      ],
      [
        'a vpce-hostname URL takes the API id from --api-id',
        [
          'https://vpce-0123456789abcdef0-abcd1234.execute-api.us-east-2.vpce.amazonaws.com/prod',
          '--api-id',
          'a1b2c3d4e5',
        ],
        {
          region: 'us-east-2',
          stage: 'prod',
          urlForm: 'vpce-hostname',
          url: 'https://vpce-0123456789abcdef0-abcd1234.execute-api.us-east-2.vpce.amazonaws.com/prod',
          vpceId: 'vpce-0123456789abcdef0',
        },
      ],
      [
        'a zonal vpce-hostname URL is understood too',
        [
          'https://vpce-0a1b2c3d-abcd1234-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com/v1/x',
          '--api-id=a1b2c3d4e5',
        ],
        {
          stage: 'v1',
          urlForm: 'vpce-hostname',
          url: 'https://vpce-0a1b2c3d-abcd1234-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com/v1/x',
          vpceId: 'vpce-0a1b2c3d',
        },
      ],
      [
        'a scheme-less execute-api host is read as https',
        ['a1b2c3d4e5.execute-api.us-west-2.amazonaws.com/prod'],
        {
          region: 'us-west-2',
          stage: 'prod',
          urlForm: 'private-dns',
          url: 'https://a1b2c3d4e5.execute-api.us-west-2.amazonaws.com/prod',
        },
      ],
      ['--api-id alone names the API', ['--api-id', 'a1b2c3d4e5'], {}],
      [
        'a private custom domain URL gives the domain and its base path, not a stage',
        ['https://API.example.internal/orders/42?token=secret', '--api-id', 'a1b2c3d4e5'],
        {
          urlForm: 'custom-domain',
          url: 'https://api.example.internal/orders/42',
          customDomain: { name: 'api.example.internal', basePath: 'orders' },
        },
      ],
      [
        'a custom domain URL without a path uses the root mapping',
        ['https://api.example.internal', '--api-id', 'a1b2c3d4e5'],
        {
          urlForm: 'custom-domain',
          url: 'https://api.example.internal/',
          customDomain: { name: 'api.example.internal', basePath: '' },
        },
      ],
      [
        '--domain with an API id checks the domain at any base path',
        ['a1b2c3d4e5', '--domain', 'api.example.internal'],
        { customDomain: { name: 'api.example.internal', basePath: null } },
      ],
    ])('%s', (_name, args, expected) => {
      // Act
      const result = parseArgs(args, ENV);

      // Assess
      expect(result).toEqual(diagnose(expected));
    });
  });

  describe('options', () => {
    it.each<[string, string[], Partial<DiagnosisRequest>]>([
      ['--method in upper case', ['a1b2c3d4e5', '--method', 'POST'], { method: 'POST' }],
      ['--method in lower case, = form', ['a1b2c3d4e5', '--method=delete'], { method: 'DELETE' }],
    ])("reads %s as the failing call's method", (_name, args, expected) => {
      expect(parseArgs(args, ENV)).toEqual(diagnose(expected));
    });

    it('reads --method from Slack text the same way', () => {
      expect(parseCommandText('a1b2c3d4e5 --method options', ENV)).toEqual(diagnose({ method: 'OPTIONS' }));
    });

    it.each<[string, string[], Partial<DiagnosisRequest>, boolean?]>([
      [
        'every option in the spaced form',
        [
          'a1b2c3d4e5',
          '--stage',
          'prod',
          '--region',
          'eu-central-1',
          '--vpc',
          'vpc-0a1b2c3d',
          '--vpce',
          'vpce-0123456789abcdef0',
          '--sg',
          'sg-0a1b2c3d',
          '--since',
          '2h',
          '--no-probe',
        ],
        {
          stage: 'prod',
          region: 'eu-central-1',
          vpcId: 'vpc-0a1b2c3d',
          vpceId: 'vpce-0123456789abcdef0',
          callerSecurityGroupIds: ['sg-0a1b2c3d'],
          sinceMs: 2 * 3_600_000,
          probe: false,
        },
      ],
      [
        'every option in the --opt=value form',
        ['--stage=prod', '--region=eu-central-1', '--vpc=vpc-0123456789abcdef0', 'a1b2c3d4e5', '--since=30s'],
        { stage: 'prod', region: 'eu-central-1', vpcId: 'vpc-0123456789abcdef0', sinceMs: 30_000 },
      ],
      [
        '--sg is repeatable and comma-separated, without duplicates',
        ['a1b2c3d4e5', '--sg', 'sg-0a1b2c3d,sg-11111111', '--sg=sg-0123456789abcdef0', '--sg', 'sg-0a1b2c3d'],
        { callerSecurityGroupIds: ['sg-0a1b2c3d', 'sg-11111111', 'sg-0123456789abcdef0'] },
      ],
      ['--since 1d is accepted', ['a1b2c3d4e5', '--since', '1d'], { sinceMs: 86_400_000 }],
      ['--since 7d is the longest window', ['a1b2c3d4e5', '--since', '7d'], { sinceMs: 7 * 86_400_000 }],
      ['--since 1s is the shortest window', ['a1b2c3d4e5', '--since', '1s'], { sinceMs: 1000 }],
      ['--json is returned as a separate flag', ['a1b2c3d4e5', '--json'], {}, true],
      [
        'options that agree with the URL are accepted',
        [
          'https://a1b2c3d4e5-vpce-0a1b2c3d.execute-api.us-east-1.amazonaws.com/prod',
          '--region',
          'us-east-1',
          '--stage',
          'prod',
          '--api-id',
          'a1b2c3d4e5',
          '--vpce',
          'vpce-0a1b2c3d',
        ],
        {
          stage: 'prod',
          urlForm: 'vpce-alias',
          url: 'https://a1b2c3d4e5-vpce-0a1b2c3d.execute-api.us-east-1.amazonaws.com/prod',
          vpceId: 'vpce-0a1b2c3d',
        },
      ],
      [
        'the URL region wins over the default region',
        ['https://a1b2c3d4e5.execute-api.sa-east-1.amazonaws.com/prod'],
        {
          region: 'sa-east-1',
          stage: 'prod',
          urlForm: 'private-dns',
          url: 'https://a1b2c3d4e5.execute-api.sa-east-1.amazonaws.com/prod',
        },
      ],
    ])('parses %s', (_name, args, expected, json = false) => {
      // Act
      const result = parseArgs(args, ENV);

      // Assess
      expect(result).toEqual(diagnose(expected, json));
    });

    it('uses --region when no default region is configured', () => {
      // Act
      const result = parseArgs(['a1b2c3d4e5', '--region', 'us-west-1'], NO_ENV_REGION);

      // Assess
      expect(result).toEqual(diagnose({ region: 'us-west-1' }));
    });
  });

  describe('errors', () => {
    const vpceHostnameUrl =
      'https://vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com/prod';
    it.each<[string, string[], RegExp]>([
      ['an unknown --method', ['a1b2c3d4e5', '--method', 'FETCH'], /--method "FETCH" is not an HTTP method/],
      ['a malformed API id', ['A1B2C3D4E5'], /"A1B2C3D4E5" is neither a REST API id/],
      ['a too-short API id', ['abc'], /"abc" is neither a REST API id/],
      ['an http URL', ['http://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod'], /not an https URL/],
      ['an ftp URL', ['ftp://example.com/x'], /not an https URL/],
      [
        'a custom domain URL without --api-id',
        ['https://api.example.internal/orders'],
        /custom domain URL "https:\/\/api\.example\.internal\/orders" does not name the API: pass --api-id/,
      ],
      [
        'a custom domain URL whose host differs from --domain',
        [
          'https://api.example.internal/orders',
          '--api-id',
          'a1b2c3d4e5',
          '--domain',
          'other.example.internal',
        ],
        /conflicting custom domain/,
      ],
      [
        'a malformed --domain',
        ['a1b2c3d4e5', '--domain', 'not a domain'],
        /--domain "not a domain" is not a domain name/,
      ],
      ['an AWS host that is not execute-api', ['https://s3.amazonaws.com/x'], /is an AWS hostname/],
      [
        'a base path with characters no mapping has',
        ['https://api.example.internal/a%20b', '--api-id', 'a1b2c3d4e5'],
        /is not a base path/,
      ],
      [
        'a China-region host',
        ['https://a1b2c3d4e5.execute-api.cn-north-1.amazonaws.com.cn/prod'],
        /China regions.*not supported yet/,
      ],
      [
        'a bad API id in the host',
        ['https://abc.execute-api.us-east-1.amazonaws.com/prod'],
        /"abc" in ".*" is not a REST API id/,
      ],
      [
        'a bad region in the host',
        ['https://a1b2c3d4e5.execute-api.mars-1.amazonaws.com/prod'],
        /"mars-1" in ".*" is not an AWS region/,
      ],
      [
        'an unknown execute-api host shape',
        ['https://x.y.execute-api.us-east-1.amazonaws.com/'],
        /not an invoke URL form/,
      ],
      [
        'a bad stage in the URL path',
        ['https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/pr%20od/'],
        /"pr%20od" .* is not a stage name/,
      ],
      ['a vpce-hostname URL without --api-id', [vpceHostnameUrl], /does not name the API: pass --api-id/],
      ['an unknown option', ['a1b2c3d4e5', '--verbose'], /unknown option "--verbose"/],
      ['an unknown short option', ['a1b2c3d4e5', '-v'], /unknown option "-v"/],
      ['a missing option value at the end', ['a1b2c3d4e5', '--stage'], /--stage needs a value/],
      [
        'a missing option value before another option',
        ['a1b2c3d4e5', '--region', '--json'],
        /--region needs a value/,
      ],
      ['an empty --opt= value', ['a1b2c3d4e5', '--stage='], /--stage needs a value/],
      ['a value given to a flag', ['a1b2c3d4e5', '--json=yes'], /--json takes no value/],
      [
        'a duplicated single-valued option',
        ['a1b2c3d4e5', '--stage', 'a', '--stage', 'b'],
        /--stage is given more than once/,
      ],
      ['an extra positional argument', ['a1b2c3d4e5', 'prod'], /unexpected extra argument "prod"/],
      ['no target', ['--stage', 'prod'], /missing target/],
      ['a bad --stage', ['a1b2c3d4e5', '--stage', 'pro d'], /--stage "pro d" is not a stage name/],
      ['a too-long --stage', ['a1b2c3d4e5', '--stage', 's'.repeat(129)], /--stage "s+" is not a stage name/],
      ['a bad --region', ['a1b2c3d4e5', '--region', 'useast1'], /--region "useast1" is not an AWS region/],
      ['a bad --vpc', ['a1b2c3d4e5', '--vpc', 'vpc-123'], /--vpc "vpc-123" is not a VPC id/],
      [
        'a bad --vpce',
        ['a1b2c3d4e5', '--vpce', 'vpc-0a1b2c3d'],
        /--vpce "vpc-0a1b2c3d" is not a VPC endpoint id/,
      ],
      [
        'a bad --sg in a list',
        ['a1b2c3d4e5', '--sg', 'sg-0a1b2c3d,sg-nothex00'],
        /--sg "sg-nothex00" is not a security group id/,
      ],
      ['a bad --api-id', ['a1b2c3d4e5', '--api-id', 'short'], /--api-id "short" is not a REST API id/],
      ['a --since without unit', ['a1b2c3d4e5', '--since', '15'], /--since "15" is not a duration/],
      [
        'a --since of zero',
        ['a1b2c3d4e5', '--since', '0m'],
        /--since "0m" is not a duration between 1s and 7d/,
      ],
      ['a --since beyond 7 days', ['a1b2c3d4e5', '--since', '8d'], /--since "8d" is not a duration/],
      [
        'a URL region that differs from --region',
        ['https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod', '--region', 'us-east-1'],
        /conflicting region: .* says eu-west-1 but the option says us-east-1/,
      ],
      [
        'a URL API id that differs from --api-id',
        ['https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod', '--api-id', 'zzzzzzzzzz'],
        /conflicting API id: .* says a1b2c3d4e5 but the option says zzzzzzzzzz/,
      ],
      [
        'a bare API id that differs from --api-id',
        ['a1b2c3d4e5', '--api-id', 'zzzzzzzzzz'],
        /conflicting API id/,
      ],
      [
        'a URL stage that differs from --stage',
        ['https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod', '--stage', 'dev'],
        /conflicting stage: .* says prod but the option says dev/,
      ],
      [
        'a URL endpoint that differs from --vpce',
        [
          'https://a1b2c3d4e5-vpce-0a1b2c3d.execute-api.us-east-1.amazonaws.com/prod',
          '--vpce',
          'vpce-11111111',
        ],
        /conflicting VPC endpoint/,
      ],
      [
        'an input longer than the limit',
        ['a1b2c3d4e5', '--stage', 'x'.repeat(MAX_INPUT_CHARS)],
        /longer than 2000 characters/,
      ],
    ])('rejects %s', (_name, args, message) => {
      // Act
      const result = parseArgs(args, ENV);

      // Assess
      expect(errorMessage(result)).toMatch(message);
    });

    it('says how to set a region when there is none anywhere', () => {
      // Act
      const result = parseArgs(['a1b2c3d4e5'], NO_ENV_REGION);

      // Assess
      expect(errorMessage(result)).toBe('no region: pass --region or set AWS_REGION');
    });

    it('rejects a malformed default region by name', () => {
      // Act
      const result = parseArgs(['a1b2c3d4e5'], { defaultRegion: 'nowhere' });

      // Assess
      expect(errorMessage(result)).toMatch(/AWS_REGION "nowhere" is not an AWS region/);
    });
  });
});

describe('--account', () => {
  it.each<[string, string[], Partial<DiagnosisRequest>]>([
    ['the spaced form', ['a1b2c3d4e5', '--account', '222222222222'], { accountId: '222222222222' }],
    ['the = form', ['--account=222222222222', 'a1b2c3d4e5'], { accountId: '222222222222' }],
    [
      'an id with leading zeros, kept as written',
      ['a1b2c3d4e5', '--account', '012345678901'],
      { accountId: '012345678901' },
    ],
    [
      'an invoke URL target with the other options',
      [
        'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod',
        '--account',
        '333333333333',
        '--no-probe',
      ],
      {
        region: 'eu-west-1',
        stage: 'prod',
        urlForm: 'private-dns',
        url: 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod',
        probe: false,
        accountId: '333333333333',
      },
    ],
  ])('reads the API account from %s', (_name, args, expected) => {
    // Act
    const result = parseArgs(args, ENV);

    // Assess
    expect(result).toEqual(diagnose(expected));
  });

  it('sets no account when the option is absent (the tool then searches)', () => {
    // Act
    const result = parseArgs(['a1b2c3d4e5'], ENV);

    // Assess
    if (result.kind !== 'diagnose') throw new Error(`expected a diagnosis, got ${JSON.stringify(result)}`);
    expect(result.request).not.toHaveProperty('accountId');
  });

  it.each<[string, string[], string]>([
    [
      'too few digits',
      ['a1b2c3d4e5', '--account', '12345'],
      '--account "12345" is not an AWS account id (12 digits)',
    ],
    [
      'too many digits',
      ['a1b2c3d4e5', '--account', '1234567890123'],
      '--account "1234567890123" is not an AWS account id (12 digits)',
    ],
    [
      "the console's dashed form",
      ['a1b2c3d4e5', '--account', '2222-2222-2222'],
      '--account "2222-2222-2222" is not an AWS account id (12 digits)',
    ],
    [
      'letters',
      ['a1b2c3d4e5', '--account=abcdefghijkl'],
      '--account "abcdefghijkl" is not an AWS account id (12 digits)',
    ],
    [
      'an account ARN',
      ['a1b2c3d4e5', '--account', 'arn:aws:iam::222222222222:root'],
      '--account "arn:aws:iam::222222222222:root" is not an AWS account id (12 digits)',
    ],
    ['no value at the end', ['a1b2c3d4e5', '--account'], '--account needs a value'],
    ['no value before another option', ['a1b2c3d4e5', '--account', '--no-probe'], '--account needs a value'],
    ['an empty = value', ['a1b2c3d4e5', '--account='], '--account needs a value'],
    [
      'two different accounts',
      ['a1b2c3d4e5', '--account', '222222222222', '--account', '333333333333'],
      '--account is given more than once',
    ],
    [
      'the same account twice',
      ['a1b2c3d4e5', '--account=222222222222', '--account', '222222222222'],
      '--account is given more than once',
    ],
  ])('rejects %s', (_name, args, message) => {
    // Act
    const result = parseArgs(args, ENV);

    // Assess
    expect(errorMessage(result)).toBe(message);
  });

  it.each<[string, string, string]>([
    ['a bare id', 'a1b2c3d4e5 --account 222222222222', '222222222222'],
    ['a quoted id', 'a1b2c3d4e5 --account "012345678901"', '012345678901'],
    [
      'an id after a Slack-linked URL',
      '<https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod> --account=444444444444',
      '444444444444',
    ],
  ])('reads --account from Slack text: %s', (_name, text, accountId) => {
    // Act
    const result = parseCommandText(text, ENV);

    // Assess
    if (result.kind !== 'diagnose') throw new Error(`expected a diagnosis, got ${JSON.stringify(result)}`);
    expect(result.request.accountId).toBe(accountId);
    expect(result.request.apiId).toBe('a1b2c3d4e5');
  });

  it('rejects a malformed --account in Slack text with the same words as the CLI', () => {
    // Act
    const fromSlack = parseCommandText('a1b2c3d4e5 --account 2222', ENV);
    const fromCli = parseArgs(['a1b2c3d4e5', '--account', '2222'], ENV);

    // Assess
    expect(errorMessage(fromSlack)).toBe('--account "2222" is not an AWS account id (12 digits)');
    expect(fromSlack).toEqual(fromCli);
  });

  it('rejects --account given twice in Slack text', () => {
    // Act
    const result = parseCommandText('a1b2c3d4e5 --account 222222222222 --account 333333333333', ENV);

    // Assess
    expect(errorMessage(result)).toBe('--account is given more than once');
  });
});

describe('parseCommandText', () => {
  it.each<[string, string, Partial<DiagnosisRequest>]>([
    [
      "unwraps Slack's <url|label> link formatting",
      '<https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/pets|https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/pets> --no-probe',
      {
        stage: 'prod',
        urlForm: 'private-dns',
        url: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/pets',
        probe: false,
      },
    ],
    [
      "unwraps Slack's <url> link formatting",
      '<https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod>',
      {
        stage: 'prod',
        urlForm: 'private-dns',
        url: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod',
      },
    ],
    [
      'reads an auto-linked scheme-less host as https',
      '<http://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod|a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod>',
      {
        stage: 'prod',
        urlForm: 'private-dns',
        url: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod',
      },
    ],
    [
      'strips trailing sentence punctuation and backticks',
      '`https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod`.  --vpc vpc-0a1b2c3d',
      {
        stage: 'prod',
        urlForm: 'private-dns',
        url: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod',
        vpcId: 'vpc-0a1b2c3d',
      },
    ],
    ['honours double quotes around a value', 'a1b2c3d4e5 --stage "prod"', { stage: 'prod' }],
    ['honours smart quotes around a value', 'a1b2c3d4e5 --stage \u201cprod\u201d', { stage: 'prod' }],
    ['splits on any whitespace', '  a1b2c3d4e5\t--stage\nprod  ', { stage: 'prod' }],
    [
      'decodes the HTML entities Slack escapes',
      'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod?a=1&amp;b=2',
      {
        stage: 'prod',
        urlForm: 'private-dns',
        url: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod',
      },
    ],
  ])('%s', (_name, text, expected) => {
    // Act
    const result = parseCommandText(text, ENV);

    // Assess
    expect(result).toEqual(diagnose(expected));
  });

  it.each(['', '   ', 'help', 'help me'])('returns help for %j', (text) => {
    // Act
    const result = parseCommandText(text, ENV);

    // Assess
    expect(result).toEqual({ kind: 'help' });
  });

  it('uses the label of a mailto-style link, which then fails as a target', () => {
    // Act
    const result = parseCommandText('<mailto:ops@example.com|ops@example.com>', ENV);

    // Assess
    expect(errorMessage(result)).toMatch(/"ops@example\.com" is neither a REST API id/);
  });

  it('rejects an unterminated quote', () => {
    // Act
    const result = parseCommandText('a1b2c3d4e5 --stage "prod', ENV);

    // Assess
    expect(errorMessage(result)).toMatch(/unterminated quote/);
  });

  it('rejects text longer than 2000 characters', () => {
    // Act
    const result = parseCommandText(`a1b2c3d4e5 ${' '.repeat(MAX_INPUT_CHARS)}`, ENV);

    // Assess
    expect(errorMessage(result)).toMatch(/longer than 2000 characters/);
  });

  it('names the user mention it cannot use as a target', () => {
    // Act
    const result = parseCommandText('a1b2c3d4e5 <@U012AB3CD>', ENV);

    // Assess
    expect(errorMessage(result)).toMatch(/unexpected extra argument "<@U012AB3CD>"/);
  });
});

describe('USAGE', () => {
  it.each([
    '--stage',
    '--region',
    '--vpc',
    '--vpce',
    '--sg',
    '--api-id',
    '--account',
    '--since',
    '--no-probe',
    '--json',
    'help',
  ])('mentions %s', (option) => {
    // Assess
    expect(USAGE).toContain(option);
  });

  it('parses each of its examples into a diagnosis', () => {
    // Prepare
    const examples = USAGE.split('\n')
      .filter((line) => line.trim().startsWith('apigw-diagnose '))
      .map((line) => line.trim().slice('apigw-diagnose '.length));

    // Act
    const results = examples.map((example) => parseCommandText(example, ENV).kind);

    // Assess
    expect(results).toEqual(['diagnose', 'diagnose', 'diagnose']);
  });
});
