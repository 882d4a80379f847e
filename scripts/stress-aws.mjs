// `npm run stress:aws`: does any AWS fault make the built CLI pass on missing data, report `healthy`, or drop a
// finding? Seeds moto_server, puts a fault-injecting loopback proxy in front of it that recognises each operation
// (EC2 and STS `Action=` in the form body, JSON 1.1 `x-amz-target`, the REST paths of API Gateway and Lambda),
// and for every (operation × fault) cell runs `node dist/cli/main.js … --json` with one attempt per call.
//
// Each cell must hold: the report is never `healthy` with exit 0; the check that used the failed read is not
// `pass`; a denied call yields AWS_PERMISSION_MISSING naming its IAM action; every finding of the fault-free run
// is still there, or the check that owns it says `error`, and the verdict is no better than the fault-free one.
//
// Across accounts (a producer account holds the API, a consumer account the caller's VPC and endpoint, each read
// through APIGW_DIAGNOSE_ROLE), AssumeRole into one account fails with every fault while the other is read. The
// consumer's role failing must leave a report on the producer's API that names the consumer account as unread,
// never VPCE_MISSING and never a pass of a check that needs the consumer side; the producer's role failing must
// leave the API unread (inconclusive, naming the producer account), never API_NOT_FOUND.
//
//   node scripts/stress-aws.mjs           every operation the engine makes × every fault
//   node scripts/stress-aws.mjs --short   the cells issue 11 reported and a few since, for CI (~45 s)
//   STRESS_ONLY=DescribeVpcEndpoints node scripts/stress-aws.mjs   every fault, for the operations named
//   STRESS_ONLY=AssumeRole node scripts/stress-aws.mjs   every fault of AssumeRole, into each account
//
// Bounded (each CLI run is killed after 30 s), loopback only, stops moto and the proxy by itself. Exit 1 when a
// cell is unhandled.

import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { startMoto } from './moto-server.mjs';
import { offlineAwsEnv } from './offline-aws-env.mjs';
import {
  CONSUMER_ACCOUNT,
  createSeedClients,
  PRODUCER_ACCOUNT,
  READ_ROLE,
  REGION,
  STAGE,
  seedCrossAccount,
  seedScenario,
} from './seed-scenarios.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const SHORT = process.argv.includes('--short');
const RUN_TIMEOUT_MS = 30_000;
const FAULTS = ['500', 'html-502', 'throttle', 'denied', 'truncated', 'reset', 'hang'];

/** The operations the engine makes, with their protocol, the IAM action and the checks that read the answer. */
const OPERATIONS = {
  GetRestApi: { protocol: 'rest', action: 'apigateway:GET', checks: ['api'] },
  GetStages: { protocol: 'rest', action: 'apigateway:GET', checks: ['stage'] },
  GetDeployment: { protocol: 'rest', action: 'apigateway:GET', checks: ['deployment'] },
  GetAccount: { protocol: 'rest', action: 'apigateway:GET', checks: ['logging-config'] },
  DescribeVpcEndpoints: { protocol: 'ec2', action: 'ec2:DescribeVpcEndpoints', checks: ['vpc-endpoint'] },
  DescribeVpcAttribute: { protocol: 'ec2', action: 'ec2:DescribeVpcAttribute', checks: ['private-dns'] },
  DescribeVpcs: { protocol: 'ec2', action: 'ec2:DescribeVpcs', checks: ['security-groups', 'network-acls'] },
  DescribeDhcpOptions: { protocol: 'ec2', action: 'ec2:DescribeDhcpOptions', checks: ['private-dns'] },
  DescribeSecurityGroups: {
    protocol: 'ec2',
    action: 'ec2:DescribeSecurityGroups',
    checks: ['security-groups'],
  },
  DescribeNetworkAcls: { protocol: 'ec2', action: 'ec2:DescribeNetworkAcls', checks: ['network-acls'] },
  DescribeNetworkInterfaces: {
    protocol: 'ec2',
    action: 'ec2:DescribeNetworkInterfaces',
    checks: ['security-groups'],
  },
  FilterLogEvents: { protocol: 'json', action: 'logs:FilterLogEvents', checks: ['execution-logs'] },
  LookupEvents: { protocol: 'json', action: 'cloudtrail:LookupEvents', checks: ['deployment'] },
  ListFunctions: { protocol: 'rest', action: 'lambda:ListFunctions', checks: ['probe'] },
  Invoke: { protocol: 'rest', action: 'lambda:InvokeFunction', checks: ['probe'] },
  // Method authorization only sharpens resource-policy (a Principal "*" policy is decided without it): the route
  // check is the one that cannot decide without the API's resources.
  GetResources: { protocol: 'rest', action: 'apigateway:GET', checks: ['route'] },
  GetCallerIdentity: { protocol: 'query', action: 'sts:GetCallerIdentity', checks: ['resource-policy'] },
  ListResolverRuleAssociations: {
    protocol: 'json',
    action: 'route53resolver:ListResolverRuleAssociations',
    checks: ['dns-rules'],
  },
  ListResolverRules: { protocol: 'json', action: 'route53resolver:ListResolverRules', checks: ['dns-rules'] },
  ListFirewallRuleGroupAssociations: {
    protocol: 'json',
    action: 'route53resolver:ListFirewallRuleGroupAssociations',
    checks: ['dns-firewall'],
  },
  ListHostedZonesByVPC: {
    protocol: 'restxml',
    action: 'route53:ListHostedZonesByVPC',
    checks: ['dns-rules'],
  },
  // Made only across accounts, where a cell fails it into one account (its RoleArn's); the checks are the ones
  // that need the consumer account's side (the producer's failure is judged by the verdict, see judgeAccountCell).
  AssumeRole: {
    protocol: 'query',
    action: 'sts:AssumeRole',
    checks: ['private-dns', 'security-groups', 'network-acls'],
  },
};

/** The cells issue 11 reported as mishandled, plus one per protocol: the CI subset. */
const SHORT_CELLS = [
  ['finding', 'DescribeDhcpOptions', 'throttle'],
  ['finding', 'DescribeDhcpOptions', '500'],
  ['finding', 'DescribeDhcpOptions', 'reset'],
  ['finding', 'DescribeVpcs', 'denied'],
  ['finding', 'DescribeVpcs', 'truncated'],
  ['finding', 'LookupEvents', 'truncated'],
  ['finding', 'LookupEvents', 'html-502'],
  ['finding', 'GetStages', 'throttle'],
  ['healthy', 'DescribeNetworkInterfaces', 'denied'],
  ['healthy', 'ListFunctions', 'denied'],
  ['healthy', 'DescribeVpcEndpoints', 'truncated'],
  // The caller VPC comes from the endpoints: without them, the checks that need it could not run (not "skipped").
  ['finding', 'DescribeVpcEndpoints', 'throttle'],
  // One cell each for the reads added since (method authorization, account, DNS layer; STS and Route 53 errors).
  ['healthy', 'GetResources', 'throttle'],
  ['healthy', 'GetCallerIdentity', '500'],
  ['finding', 'ListResolverRules', 'denied'],
  ['finding', 'ListHostedZonesByVPC', 'truncated'],
  ['healthy', 'ListFirewallRuleGroupAssociations', 'denied'],
  // Across accounts: the consumer's role refused and timing out, the producer's role throttled.
  ['consumer-role', 'AssumeRole', 'denied'],
  ['consumer-role', 'AssumeRole', 'hang'],
  ['producer-role', 'AssumeRole', 'throttle'],
];
/** STRESS_ONLY=Operation[,Operation…]: the full fault list for these operations only (to re-check a fix). */
const ONLY = (process.env.STRESS_ONLY ?? '').split(',').filter(Boolean);

// ---- The fault-injecting proxy -------------------------------------------------------------------------------

/** The operation of one AWS request, from its target header, its EC2 form body or its REST path. */
export function operationOf(method, url, headers, body) {
  const target = headers['x-amz-target'];
  if (target) return String(target).split('.').pop();
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1];
  if (action) return action;
  const path = String(url).split('?')[0];
  if (/^\/2015-03-31\/functions\/[^/]+\/invocations$/.test(path)) return 'Invoke';
  if (/^\/2015-03-31\/functions\/?$/.test(path)) return 'ListFunctions';
  if (path === '/account') return 'GetAccount';
  if (/^\/restapis\/[^/]+\/stages\/?$/.test(path)) return 'GetStages';
  if (/^\/restapis\/[^/]+\/deployments\/[^/]+$/.test(path)) return 'GetDeployment';
  if (/^\/restapis\/[^/]+$/.test(path) && method === 'GET') return 'GetRestApi';
  if (/^\/restapis\/[^/]+\/resources\/?$/.test(path)) return 'GetResources';
  if (path === '/2013-04-01/hostedzonesbyvpc') return 'ListHostedZonesByVPC';
  return `${method} ${path}`;
}

/** The account of an STS AssumeRole request (its form-encoded RoleArn), or null. */
export function roleAccountOf(body) {
  const arn = new URLSearchParams(body).get('RoleArn') ?? '';
  return /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(arn)?.[1] ?? null;
}

/** Whether one request is the cell's: its operation, and for an account's cell, a request into that account. */
function isCellRequest(cell, operation, body) {
  if (cell?.operation !== operation) return false;
  return !cell.account || roleAccountOf(body) === cell.account;
}

/** A protocol-shaped error answer, as each service sends it. */
function errorAnswer(protocol, status, code, message) {
  if (protocol === 'ec2') {
    return {
      status,
      headers: { 'content-type': 'text/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>stress</RequestID></Response>`,
    };
  }
  if (protocol === 'query' || protocol === 'restxml') {
    // STS (AWS query) and Route 53 (REST-XML) share the ErrorResponse envelope.
    return {
      status,
      headers: { 'content-type': 'text/xml' },
      body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>stress</RequestId></ErrorResponse>`,
    };
  }
  if (protocol === 'json') {
    return {
      status,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ __type: code, message }),
    };
  }
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': code },
    body: JSON.stringify({ message, Message: message }),
  };
}

function faultAnswer(protocol, fault) {
  switch (fault) {
    case '500':
      return errorAnswer(
        protocol,
        500,
        protocol === 'ec2' ? 'InternalError' : 'InternalFailure',
        'stress: 500',
      );
    case 'throttle':
      if (protocol === 'ec2')
        return errorAnswer(protocol, 503, 'RequestLimitExceeded', 'Request limit exceeded.');
      if (protocol === 'json') return errorAnswer(protocol, 400, 'ThrottlingException', 'Rate exceeded');
      if (protocol === 'query' || protocol === 'restxml')
        return errorAnswer(protocol, 400, 'Throttling', 'Rate exceeded');
      return errorAnswer(protocol, 429, 'TooManyRequestsException', 'Too Many Requests');
    case 'denied':
      if (protocol === 'ec2') return errorAnswer(protocol, 403, 'UnauthorizedOperation', 'not authorized');
      if (protocol === 'json') return errorAnswer(protocol, 400, 'AccessDeniedException', 'not authorized');
      if (protocol === 'query' || protocol === 'restxml')
        return errorAnswer(protocol, 403, 'AccessDenied', 'not authorized');
      return errorAnswer(protocol, 403, 'AccessDeniedException', 'not authorized');
    case 'html-502':
      return {
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
      };
    default:
      return null;
  }
}

/**
 * Forwards to moto, except the one (operation, fault) under test; records every operation it sees. With
 * `history`, LookupEvents answers that CloudTrail page (moto has none) unless it is the faulted operation.
 */
function startFaultProxy(targetUrl, state) {
  const target = new URL(targetUrl);
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString();
      const operation = operationOf(req.method, req.url, req.headers, text);
      state.seen.add(operation);
      const protocol = OPERATIONS[operation]?.protocol ?? 'rest';
      const faulted = isCellRequest(state.cell, operation, text) ? state.cell.fault : null;
      if (faulted) state.faultedRequests++;
      if (faulted === 'reset') return req.socket.destroy();
      if (faulted === 'hang') return; // the client's request timeout ends it; the socket closes with the server
      const canned = faulted ? faultAnswer(protocol, faulted) : null;
      if (canned) {
        res.writeHead(canned.status, canned.headers);
        return res.end(canned.body);
      }
      const answer = (status, headers, payload) => {
        if (faulted === 'truncated') {
          const cut = payload.subarray(0, Math.max(1, Math.floor(payload.length / 2)));
          const { 'content-length': _length, 'transfer-encoding': _encoding, ...rest } = headers;
          res.writeHead(status, { ...rest, 'content-length': cut.length });
          return res.end(cut);
        }
        res.writeHead(status, headers);
        res.end(payload);
      };
      if (operation === 'LookupEvents' && state.history) {
        return answer(200, { 'content-type': 'application/x-amz-json-1.1' }, Buffer.from(state.history()));
      }
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (reply) => {
          const parts = [];
          reply.on('data', (c) => parts.push(c));
          reply.on('end', () => answer(reply.statusCode ?? 502, reply.headers, Buffer.concat(parts)));
        },
      );
      upstream.on('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      upstream.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** One CloudTrail page: the API's policy was changed just now, after its deployment (POLICY_NOT_DEPLOYED). */
function policyChangeHistory(apiId) {
  return () =>
    JSON.stringify({
      Events: [
        {
          EventId: 'stress-policy-change',
          EventName: 'UpdateRestApi',
          EventTime: Math.floor(Date.now() / 1000),
          EventSource: 'apigateway.amazonaws.com',
          CloudTrailEvent: JSON.stringify({
            eventID: 'stress-policy-change',
            eventName: 'UpdateRestApi',
            userIdentity: { arn: 'arn:aws:sts::123456789012:assumed-role/Admin/stress' },
            requestParameters: { restApiId: apiId, patchOperations: [{ op: 'replace', path: '/policy' }] },
          }),
        },
      ],
    });
}

// ---- Running the CLI -----------------------------------------------------------------------------------------

function runCli(args, endpointUrl, extraEnv = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args, '--json'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...offlineAwsEnv(endpointUrl),
        NO_COLOR: '1',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(killer);
      let report = null;
      try {
        report = JSON.parse(stdout);
      } catch {
        // exit 3 (AWS unreachable) prints no report
      }
      resolve({ code, report, stderr });
    });
  });
}

const VERDICT_RANK = { healthy: 0, degraded: 1, inconclusive: 2, broken: 2 };

/** What is wrong with one faulted run, compared with the fault-free one; empty when the fault was handled. */
export function judgeCell(cell, run, baseline) {
  const problems = [];
  const { operation, fault } = cell;
  const spec = OPERATIONS[operation];
  if (run.code === 3) return problems; // AWS "unreachable" (exit 3): never a verdict, never healthy
  const report = run.report;
  if (!report) return [`no JSON report (exit ${run.code}): ${run.stderr.slice(0, 200)}`];
  if (report.verdict === 'healthy' && run.code === 0) problems.push('healthy with exit 0');
  const statusOf = (id) => report.checks.find((c) => c.id === id)?.status;
  const baseStatusOf = (id) => baseline.checks.find((c) => c.id === id)?.status;
  for (const id of spec?.checks ?? []) {
    if (baseStatusOf(id) === 'pass' && statusOf(id) === 'pass') problems.push(`check ${id} still pass`);
  }
  if (fault === 'denied') {
    const named = report.findings.some(
      (f) => f.code === 'AWS_PERMISSION_MISSING' && f.evidence?.action === spec?.action,
    );
    if (!named) problems.push(`no AWS_PERMISSION_MISSING naming ${spec?.action}`);
  }
  for (const f of baseline.findings) {
    const kept = report.findings.some((g) => g.code === f.code);
    if (!kept && statusOf(f.check) !== 'error')
      problems.push(`dropped ${f.code} (check ${f.check}: ${statusOf(f.check)})`);
  }
  if (VERDICT_RANK[report.verdict] < VERDICT_RANK[baseline.verdict]) {
    problems.push(`verdict ${report.verdict} better than fault-free ${baseline.verdict}`);
  }
  return problems;
}

/** The checks that read the consumer account's side of a cross-account set-up (its VPC, endpoint and network). */
const CONSUMER_SIDE_CHECKS = ['private-dns', 'security-groups', 'network-acls'];

/**
 * Whether a finding says that `accountId` was not read: ACCOUNT_NOT_READABLE for it, VPCE_NOT_VISIBLE counting it
 * among the accounts it could not read, or AWS_PERMISSION_MISSING for sts:AssumeRole naming it.
 */
export function namesUnreadAccount(finding, accountId) {
  const evidence = finding.evidence ?? {};
  switch (finding.code) {
    case 'ACCOUNT_NOT_READABLE':
      return evidence.accountId === accountId || (finding.resources ?? []).includes(accountId);
    case 'VPCE_NOT_VISIBLE':
      return (evidence.accountsNotReadable ?? []).some((a) => a === accountId || a?.accountId === accountId);
    case 'AWS_PERMISSION_MISSING':
      return evidence.action === 'sts:AssumeRole' && JSON.stringify(evidence).includes(accountId);
    default:
      return false;
  }
}

/**
 * What is wrong with one run where AssumeRole into `cell.account` failed; empty when handled. The consumer's
 * role: a report on the producer's API naming the consumer as unread, no VPCE_MISSING, no consumer-side check
 * `pass`. The producer's role: the API could not be read, so `inconclusive` (never API_NOT_FOUND), naming it.
 */
export function judgeAccountCell(cell, run, faultedRequests) {
  const problems = [];
  if (faultedRequests === 0)
    problems.push(`no AssumeRole into ${cell.account} was made (fault not injected)`);
  const report = run.report;
  if (!report) return [...problems, `no JSON report (exit ${run.code}): ${run.stderr.slice(0, 300)}`];
  const codes = report.findings.map((f) => f.code);
  if (!report.findings.some((f) => namesUnreadAccount(f, cell.account))) {
    problems.push(`account ${cell.account} not named as unread (findings: ${codes.join(', ') || 'none'})`);
  }
  if (report.verdict === 'healthy' && run.code === 0) problems.push('healthy with exit 0');
  if (cell.account === CONSUMER_ACCOUNT) {
    if (report.target?.accountId !== PRODUCER_ACCOUNT) {
      problems.push(`target.accountId ${report.target?.accountId}, not the producer ${PRODUCER_ACCOUNT}`);
    }
    if (codes.includes('VPCE_MISSING')) problems.push('VPCE_MISSING for an endpoint in an unread account');
    for (const id of CONSUMER_SIDE_CHECKS) {
      if (report.checks.find((c) => c.id === id)?.status === 'pass') problems.push(`check ${id} pass`);
    }
  } else {
    if (report.verdict !== 'inconclusive') {
      problems.push(
        `verdict ${report.verdict} (${report.primaryCause ?? 'no primary cause'}), not inconclusive`,
      );
    }
    if (codes.includes('API_NOT_FOUND')) problems.push('API_NOT_FOUND for an API in an unread account');
  }
  return problems;
}

/**
 * Why the fault-free cross-account run cannot anchor its cells, or null: it must be healthy, made through
 * AssumeRole, locate the API in the producer account and the caller in the consumer's, and pass the
 * consumer-side checks (so that a faulted run's `pass` there could only come from data it did not read).
 */
function crossAccountSetUpProblem(baseline, seen) {
  const codes = baseline.findings.map((f) => f.code).join(', ');
  if (baseline.verdict !== 'healthy') return `${baseline.verdict} [${codes}], not healthy`;
  if (!seen.has('AssumeRole')) return 'no AssumeRole made (APIGW_DIAGNOSE_ROLE not used?)';
  if (baseline.target?.accountId !== PRODUCER_ACCOUNT) return `target account ${baseline.target?.accountId}`;
  if (!(baseline.target?.consumerAccountIds ?? []).includes(CONSUMER_ACCOUNT)) {
    return `consumer accounts ${JSON.stringify(baseline.target?.consumerAccountIds)}`;
  }
  const notPass = CONSUMER_SIDE_CHECKS.filter(
    (id) => baseline.checks.find((c) => c.id === id)?.status !== 'pass',
  );
  return notPass.length > 0 ? `consumer-side checks not pass: ${notPass.join(', ')}` : null;
}

// ---- Main ----------------------------------------------------------------------------------------------------

async function defaultGroupOf(motoUrl, vpcId) {
  const { ec2 } = createSeedClients(motoUrl);
  const { SecurityGroups } = await ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'group-name', Values: ['default'] },
      ],
    }),
  );
  return SecurityGroups?.[0]?.GroupId;
}

/**
 * The two set-ups: one with real warnings (custom DNS servers, a policy change after the deployment) read without
 * the probe, and the healthy API read from its failing URL with the probe lookup and the caller's security group
 * (network interfaces).
 */
async function seedVariants(moto) {
  await moto.reset();
  const finding = await seedScenario('vpc-custom-dns-servers', moto.url);
  const healthy = await seedScenario('healthy', moto.url);
  const sg = await defaultGroupOf(moto.url, healthy.vpcId);
  // The healthy cross-account world (its own accounts: the scenarios above live in the home account).
  const cross = await seedCrossAccount(moto.url);
  const crossAccount = (account) => ({
    args: [cross.url, '--region', REGION, '--no-probe'],
    history: null,
    env: {
      APIGW_DIAGNOSE_ROLE: READ_ROLE,
      APIGW_DIAGNOSE_ACCOUNTS: `${PRODUCER_ACCOUNT},${CONSUMER_ACCOUNT}`,
    },
    // Only AssumeRole into this account is faulted; every other read of this world is moto's.
    account,
    operations: ['AssumeRole'],
  });
  return {
    finding: {
      args: [finding.target, '--region', REGION, '--no-probe', ...finding.args],
      history: policyChangeHistory(finding.apiId),
    },
    // The failing URL (not the API id) so that the route check, too, depends on its read (GetResources).
    healthy: {
      args: [
        `https://${healthy.apiId}.execute-api.${REGION}.amazonaws.com/${STAGE}/`,
        ...['--region', REGION, '--sg', sg, ...healthy.args],
      ],
      history: null,
    },
    // The consumer's read role failing (the caller's VPC and endpoint unread), then the producer's (the API unread).
    'consumer-role': crossAccount(CONSUMER_ACCOUNT),
    'producer-role': crossAccount(PRODUCER_ACCOUNT),
  };
}

/** Whether a variant has any cell to run in this mode (else its fault-free run is skipped too). */
function mayRun(name, variant) {
  if (SHORT) return SHORT_CELLS.some(([v]) => v === name);
  if (ONLY.length === 0) return true;
  const possible = variant.operations ?? Object.keys(OPERATIONS).filter((op) => op !== 'AssumeRole');
  return ONLY.some((op) => possible.includes(op));
}

async function main() {
  const moto = await startMoto();
  const state = { seen: new Set(), cell: null, history: null, faultedRequests: 0 };
  const proxy = await startFaultProxy(moto.url, state);
  const endpoint = `http://127.0.0.1:${proxy.address().port}`;
  const started = performance.now();
  const unhandled = [];
  let cells = 0;
  try {
    const variants = await seedVariants(moto);
    for (const [name, variant] of Object.entries(variants)) {
      if (!mayRun(name, variant)) continue;
      state.cell = null;
      state.history = variant.history;
      state.seen = new Set();
      const baselineRun = await runCli(variant.args, endpoint, variant.env);
      const baseline = baselineRun.report;
      if (!baseline) throw new Error(`fault-free run of '${name}' gave no report: ${baselineRun.stderr}`);
      // A cross-account cell is only meaningful against a healthy world read through both roles.
      const notSetUp = variant.account ? crossAccountSetUpProblem(baseline, state.seen) : null;
      if (notSetUp) throw new Error(`fault-free run of '${name}': ${notSetUp}`);
      const operations = [...state.seen].filter(
        (op) => op in OPERATIONS && (!variant.operations || variant.operations.includes(op)),
      );
      console.log(
        `${name}: fault-free ${baseline.verdict} [${baseline.findings.map((f) => f.code).join(', ')}], ` +
          `operations: ${operations.join(', ')}`,
      );
      const todo = SHORT
        ? SHORT_CELLS.filter(([v, op]) => v === name && operations.includes(op)).map(
            ([, operation, fault]) => ({
              operation,
              fault,
              ...(variant.account ? { account: variant.account } : {}),
            }),
          )
        : operations
            .filter((operation) => ONLY.length === 0 || ONLY.includes(operation))
            .flatMap((operation) =>
              FAULTS.map((fault) => ({
                operation,
                fault,
                ...(variant.account ? { account: variant.account } : {}),
              })),
            );
      for (const cell of todo) {
        // A fresh CLI process per cell: a fresh engine, so no role session or refusal is remembered across cells.
        state.cell = cell;
        state.faultedRequests = 0;
        const run = await runCli(variant.args, endpoint, variant.env);
        cells++;
        const problems = cell.account
          ? judgeAccountCell(cell, run, state.faultedRequests)
          : judgeCell(cell, run, baseline);
        if (problems.length > 0) unhandled.push({ variant: name, ...cell, problems });
      }
    }
  } finally {
    proxy.close();
    proxy.closeAllConnections();
    await moto.stop();
  }
  console.log(
    `apigw-diagnose stress (AWS faults${SHORT ? ', --short' : ''}): ${cells} cells run, ` +
      `${cells - unhandled.length}/${cells} faults handled, ${Math.round((performance.now() - started) / 1000)} s`,
  );
  for (const u of unhandled) {
    const into = u.account ? ` into ${u.account}` : '';
    console.log(`UNHANDLED ${u.variant} ${u.operation}${into} × ${u.fault}: ${u.problems.join('; ')}`);
  }
  if (unhandled.length > 0) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`stress-aws: ${error.stack ?? error.message}`);
    process.exitCode = 1;
  });
}
