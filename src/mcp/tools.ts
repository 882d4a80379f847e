// The MCP tools: their names, the words a model reads to choose them, their input and output schemas, and what
// each does. All are read-only: a fix comes back as text for a human, and nothing here changes AWS.
//
// The diagnose tool's arguments become the command line's own tokens and go through the same parser as the CLI
// and Slack, so an agent gets the same checks and the same plain words for bad input; the schemas only bound
// the sizes. Engine failures come back as tool errors (isError) with the CLI's words.

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { REGION, REST_API_ID } from '../command/formats.js';
import { explainUsageError, MAX_INPUT_CHARS, NO_REGION, parseArgs } from '../command/parse.js';
import { parseTarget } from '../command/target.js';
import { FINDING_CODES } from '../diagnosis/catalogue.js';
import type { Diagnose } from '../diagnosis/shared-diagnoses.js';
import type { DiagnosisRequest } from '../diagnosis/types.js';
import type { DiagnosisHistory } from '../state/diagnosis-history.js';
import { EXPLANATION_OUTPUT, explainFinding, explanationText, isFindingCode } from './finding-explanation.js';
import { DIAGNOSIS_OUTPUT, diagnosisOutput, summaryText } from './report-output.js';

export interface ToolDeps {
  /** The engine, shared with every other caller of this process (single-flight, pacing). */
  diagnose: Diagnose;
  defaultRegion: string | null;
  probeFunction: string | null;
  /** The recent diagnoses of each API; null when this process keeps none (the tool is then not offered). */
  history: DiagnosisHistory | null;
  /** Told of an engine failure that is not AWS being unreachable (a bug): the agent gets a tool error. */
  onUnexpectedError?: (error: unknown) => void;
}

export const TOOL_NAMES = {
  diagnose: 'diagnose_private_api',
  explain: 'explain_finding_code',
  recent: 'list_recent_diagnoses',
} as const;

/** A short identifier: ids, regions, stage names, methods. */
const shortText = (max: number) => z.string().min(1).max(max);

const DIAGNOSE_INPUT = {
  target: shortText(MAX_INPUT_CHARS).describe(
    'The private REST API id (10 characters, e.g. a1b2c3d4e5) or the failing https invoke URL, in any private ' +
      'form (execute-api, {api}-{vpce} alias, vpce hostname, or a private custom domain name)',
  ),
  apiId: shortText(64)
    .optional()
    .describe('The API id, only when the URL does not name it (a vpce-… hostname or a custom domain URL)'),
  stage: shortText(128).optional().describe("The stage (default: from the URL, else the API's only stage)"),
  region: shortText(32)
    .optional()
    .describe('The AWS region (default: from the URL, else the server default)'),
  account: shortText(32)
    .optional()
    .describe("The API's 12-digit AWS account, when the server reads several (default: it searches them)"),
  vpcId: shortText(32).optional().describe("The caller's VPC id (vpc-…), when known"),
  vpceId: shortText(32).optional().describe("The caller's execute-api VPC endpoint id (vpce-…), when known"),
  securityGroupIds: z
    .array(shortText(32))
    .max(16)
    .optional()
    .describe("The caller's security group ids (sg-…): needed to check its outbound rules"),
  method: shortText(16).optional().describe("The failing call's HTTP method (GET, POST, …; default: any)"),
  probe: z
    .boolean()
    .optional()
    .describe('Run the in-VPC probe when one is deployed (default true); false skips the live checks'),
};

type DiagnoseArgs = {
  [K in keyof typeof DIAGNOSE_INPUT]: z.infer<(typeof DIAGNOSE_INPUT)[K]>;
};

const EXPLAIN_INPUT = {
  code: shortText(64).describe('A finding code from a diagnosis, e.g. POLICY_DENIES_VPCE'),
};

const RECENT_INPUT = {
  apiId: shortText(64).describe('The REST API id'),
  region: shortText(32).optional().describe('The AWS region (default: the server default)'),
};

const RECENT_OUTPUT = {
  apiId: z.string(),
  region: z.string(),
  diagnoses: z
    .array(
      z.object({
        finishedAt: z.string().describe('When the report was ready (ISO 8601)'),
        stage: z.string().nullable(),
        accountId: z.string().nullable(),
        vpcId: z.string().nullable(),
        verdict: z.string(),
        primaryCause: z.string().nullable(),
        problems: z.array(z.string()).describe('Codes of its error and warning findings'),
      }),
    )
    .describe('Newest first'),
};

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true } as const;

export function registerTools(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    TOOL_NAMES.diagnose,
    {
      title: 'Diagnose a private API Gateway REST API',
      description:
        'Finds why clients in an AWS VPC cannot reach a private Amazon API Gateway REST API (403, timeouts, ' +
        'DNS failures): reads the API, its resource policy, stages, VPC endpoints, private DNS, security ' +
        'groups, network ACLs, endpoint policy and execution logs, and returns the verdict, the primary cause ' +
        'with its evidence, and the fix for a human to apply. Read-only; takes about a second. Use it as soon ' +
        'as a private API id or execute-api URL is involved.',
      inputSchema: DIAGNOSE_INPUT,
      outputSchema: DIAGNOSIS_OUTPUT,
      annotations: { ...READ_ONLY, openWorldHint: true },
    },
    (args) => diagnoseTool(deps, args),
  );

  server.registerTool(
    TOOL_NAMES.explain,
    {
      title: 'Explain a finding code',
      description:
        'Explains a finding code from a private API diagnosis (e.g. POLICY_DENIES_VPCE): what it means, its ' +
        'severity, which check raises it and how it ranks as a primary cause. Read-only, no AWS calls.',
      inputSchema: EXPLAIN_INPUT,
      outputSchema: EXPLANATION_OUTPUT,
      annotations: { ...READ_ONLY, openWorldHint: false },
    },
    ({ code }) => {
      const wanted = code.trim().toUpperCase();
      if (!isFindingCode(wanted)) {
        return toolError(
          `apigw-diagnose: unknown finding code "${code}". Known codes: ${FINDING_CODES.join(', ')}`,
        );
      }
      const explanation = explainFinding(wanted);
      return {
        content: [{ type: 'text', text: explanationText(explanation) }],
        structuredContent: explanation,
      };
    },
  );

  const { history } = deps;
  if (!history) return;
  server.registerTool(
    TOOL_NAMES.recent,
    {
      title: 'List recent diagnoses of a private API',
      description:
        'Lists the diagnoses of one private REST API from the last 24 hours, newest first, whoever asked ' +
        '(Slack users or agents): when, verdict and primary cause. Use it to see whether a problem is new ' +
        'or was already found. Read-only.',
      inputSchema: RECENT_INPUT,
      outputSchema: RECENT_OUTPUT,
      annotations: { ...READ_ONLY, openWorldHint: false },
    },
    async ({ apiId, region: asked }) => {
      if (!REST_API_ID.test(apiId)) {
        return toolError(
          `apigw-diagnose: apiId "${apiId}" is not a REST API id (10 lowercase letters or digits)`,
        );
      }
      const region = asked ?? deps.defaultRegion;
      if (!region) return toolError(`apigw-diagnose: ${NO_REGION.replace('--region', 'region')}`);
      if (!REGION.test(region)) return toolError(`apigw-diagnose: region "${region}" is not an AWS region`);
      const records = await history.recent(apiId, region);
      const output = {
        apiId,
        region,
        diagnoses: records.map((record) => ({
          finishedAt: new Date(record.finishedAt).toISOString(),
          stage: record.stage,
          accountId: record.accountId,
          vpcId: record.vpcId,
          verdict: record.verdict,
          primaryCause: record.primaryCause,
          problems: record.problems,
        })),
      };
      const lines = output.diagnoses.map(
        (d) => `${d.finishedAt} ${d.verdict}${d.primaryCause ? ` ${d.primaryCause}` : ''}`,
      );
      const text =
        lines.length > 0
          ? `Diagnoses of ${apiId} in ${region}, newest first:\n${lines.join('\n')}`
          : `No diagnosis of ${apiId} in ${region} in the last 24 hours.`;
      return { content: [{ type: 'text', text }], structuredContent: output };
    },
  );
}

async function diagnoseTool(deps: ToolDeps, args: DiagnoseArgs): Promise<CallToolResult> {
  const parsed = parseTokens(commandTokens(args), deps.defaultRegion);
  if (typeof parsed === 'string') return toolError(parsed);
  try {
    const report = await deps.diagnose(
      parsed,
      deps.probeFunction ? { probeFunction: deps.probeFunction } : {},
    );
    const output = diagnosisOutput(report);
    return { content: [{ type: 'text', text: summaryText(output) }], structuredContent: output };
  } catch (error) {
    // Matched by name so this module does not load the engine (and with it the AWS SDK).
    if (error instanceof Error && error.name === 'AwsUnreachableError') {
      return toolError(`apigw-diagnose: ${error.message}`);
    }
    deps.onUnexpectedError?.(error);
    return toolError(`apigw-diagnose: unexpected error: ${error instanceof Error ? error.message : error}`);
  }
}

/** The CLI's arguments for these tool arguments; every value inline (`--stage=…`), so none reads as an option. */
export function commandTokens(args: DiagnoseArgs): string[] {
  const options: [string, string | undefined][] = [
    ['--api-id', args.apiId],
    ['--stage', args.stage],
    ['--region', args.region],
    ['--account', args.account],
    ['--vpc', args.vpcId],
    ['--vpce', args.vpceId],
    ['--method', args.method],
  ];
  return [
    args.target,
    ...options.flatMap(([name, value]) => (value === undefined ? [] : [`${name}=${value}`])),
    ...(args.securityGroupIds ?? []).map((group) => `--sg=${group}`),
    ...(args.probe === false ? ['--no-probe'] : []),
  ];
}

/** The parsed request, or the parser's words for what is wrong (the option names are this tool's arguments). */
function parseTokens(tokens: string[], defaultRegion: string | null): DiagnosisRequest | string {
  const [target = ''] = tokens;
  // A target that looks like an option, or the word help, is a bad target here, not a request for the usage.
  if (target.startsWith('-') || target.toLowerCase() === 'help') {
    const parsed = parseTarget(target);
    return usageError(parsed.ok ? `"${target}" is not a REST API id or an invoke URL` : parsed.message);
  }
  const parsed = parseArgs(tokens, { defaultRegion });
  if (parsed.kind === 'diagnose') return parsed.request;
  if (parsed.kind === 'help') return usageError('give a REST API id or the failing invoke URL as target');
  return usageError(parsed.message);
}

function usageError(message: string): string {
  return `${explainUsageError(message, 'cli').problem}\n(--api-id, --stage, --region, --account, --vpc, --vpce, --sg and --method are this tool's apiId, stage, region, account, vpcId, vpceId, securityGroupIds and method arguments.)`;
}

function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
