// Every finding that offers a fix button also says how to make the same change from a terminal: the AWS CLI
// commands (commands.ts) with the report's ids filled in, and their undo, added to the finding's fix (and so to
// its detail, the thread's evidence and the terminal report). Applied once to every report, by the engine.

import type { Finding, Report } from '../diagnosis/types.js';
import { type CommandTarget, type FixCommands, fixCommands } from './commands.js';
import { fixById } from './registry.js';
import type { FixId } from './types.js';

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The endpoints a finding's endpoint fix could act on: those it names, else the report's only one. */
export function endpointsOf(finding: Finding, report: Report): string[] {
  const named = [...new Set([...strings(finding.evidence.vpceId), ...strings(finding.evidence.vpceIds)])];
  if (named.length > 0) return named;
  return report.target.vpcEndpointIds.length === 1 ? [...report.target.vpcEndpointIds] : [];
}

/**
 * The stage's logging settings: from the finding, else from the finding of the report that read them (the
 * logging-config check's), so that every finding offering Enable logging gets the same undo.
 */
function loggingSettings(finding: Finding, report: Report): Finding['evidence'] {
  const has = (f: Finding) => typeof f.evidence.loggingLevel === 'string';
  return has(finding) ? finding.evidence : (report.findings.find(has)?.evidence ?? {});
}

function commandTarget(finding: Finding, report: Report): CommandTarget {
  const { evidence } = finding;
  const logging = loggingSettings(finding, report);
  return {
    region: report.target.region,
    apiId: report.target.apiId,
    stage: report.target.stage,
    vpceIds: endpointsOf(finding, report),
    loggingLevel: typeof logging.loggingLevel === 'string' ? logging.loggingLevel : null,
    metricsEnabled: typeof logging.metricsEnabled === 'boolean' ? logging.metricsEnabled : null,
    deploymentId: typeof evidence.deploymentId === 'string' ? evidence.deploymentId : null,
    cloudWatchRoleMissing: report.findings.some((other) => other.code === 'CLOUDWATCH_ROLE_MISSING'),
  };
}

const code = (command: string) => `\`${command}\``;

/** `aws <service> <operation>`: how a text that already gives a command is recognised. */
const operationOf = (command: string) => command.split(' ').slice(0, 3).join(' ');

/**
 * One sentence: the label, the commands, the undo and what to substitute. When the finding's own fix already
 * gives the commands (`given`), only the undo is added.
 */
function commandsSentence(fix: FixId, commands: FixCommands, account: string | null, given = false): string {
  const where = account ? ` in account ${account}` : '';
  const substitute = commands.substitute.length > 0 ? ` Substitute ${commands.substitute.join('; ')}.` : '';
  const undo = commands.undo.map(code).join(' then ');
  if (given) return `Undo (${fixById(fix).label}) with the AWS CLI${where}: ${undo}.${substitute}`;
  return (
    `${fixById(fix).label} with the AWS CLI${where}: ${commands.run.map(code).join(' then ')}; ` +
    `undo: ${undo}.${substitute}`
  );
}

/** The account to name: where the change is made, when the report reads more than one. */
function accountFor(fix: FixId, finding: Finding, report: Report): string | null {
  if ((report.target.consumerAccountIds ?? []).length === 0) return null;
  const account = fixById(fix).changes === 'endpoint' ? finding.accountId : report.target.accountId;
  return account ?? null;
}

function withCommands(finding: Finding, report: Report): Finding {
  if (finding.remediations.length === 0) return finding;
  const target = commandTarget(finding, report);
  const sentences = finding.remediations.map((fix) => {
    const commands = fixCommands(fix, target);
    const given = commands.run.every((command) => finding.fix?.includes(operationOf(command)) ?? false);
    return commandsSentence(fix, commands, accountFor(fix, finding, report), given);
  });
  return withFixSentences(finding, sentences);
}

/** The finding with these sentences added to its fix, and so to its detail, right after the fix's text. */
export function withFixSentences(finding: Finding, sentences: string[]): Finding {
  if (sentences.length === 0) return finding;
  const added = sentences.join(' ');
  const fix = finding.fix ? `${finding.fix} ${added}` : added;
  // The detail reads cause, explanation, fix, caveat: what is added follows the fix it belongs to.
  const detail =
    finding.fix && finding.detail.includes(finding.fix)
      ? finding.detail.replace(finding.fix, () => fix)
      : `${finding.detail} ${added}`;
  return { ...finding, fix, detail };
}

/** The report with the commands of each offered fix in the findings that offer it. */
export function withFixCommands(report: Report): Report {
  return { ...report, findings: report.findings.map((finding) => withCommands(finding, report)) };
}
