// Every catalogue finding, produced by the real checks (finding-producers.ts), rendered as users see it — the
// Slack channel message and thread evidence, and the terminal report — keeps its text exact and copyable:
//   - no character is replaced by a look-alike (`ˍ`, `ˋ`, `∗`…);
//   - in Slack, nothing Slack would format stays outside a code span (an `_` at a word edge), and every command,
//     ARN and id the finding names is in a code span or block, copyable as one piece;
//   - in the terminal, every command is a backtick span printed whole on one line;
//   - every shell command works pasted into bash and zsh: globs, parentheses and `;` are quoted.
// The commands a fix's audit line gives (its undo) follow the same rules.

import { describe, expect, it } from 'vitest';
import { renderText } from '../../../src/cli/render-text.js';
import { FINDING_CODES, type FindingCode } from '../../../src/diagnosis/catalogue.js';
import { runCheck } from '../../../src/diagnosis/checks/run-check.js';
import { CHECKS } from '../../../src/diagnosis/diagnose.js';
import type { Finding, Report } from '../../../src/diagnosis/types.js';
import { FIX_IDS, fixById } from '../../../src/remediation/registry.js';
import { createRemediatorWithPorts } from '../../../src/remediation/remediator.js';
import { renderEvidence } from '../../../src/slack/render/evidence.js';
import type { SlackMessage } from '../../../src/slack/render/message.js';
import { renderAudit } from '../../../src/slack/render/notices.js';
import { renderSummary } from '../../../src/slack/render/summary.js';
import { PRODUCERS } from '../../diagnosis/finding-producers.js';
import { actor, fakePorts, healthyAws, target } from '../../remediation/fake-aws.js';
import { report } from '../fixtures.js';

/** Characters that have stood in for the real ones: each copies as something else. */
const LOOKALIKES = /[\u02CB\u02CD\u2217\u223C\uFF3F\uFF40\u02BC]/u;
/** A command a user may copy: a program we name, then a word. */
const COMMAND = /(?:^|[\s(])(?:aws|curl|npx|dig|nslookup|apigw-diagnose) [a-z0-9-]+/;
const COMMAND_START = /^(?:aws|curl|npx|dig|nslookup|apigw-diagnose) /;
const EDGE_UNDERSCORE = /(^|[^\p{L}\p{N}])_|_(?=$|[^\p{L}\p{N}])/u;

function findingsOf(code: FindingCode): Finding[] {
  const facts = PRODUCERS[code]();
  return CHECKS.flatMap((check) => runCheck(check, facts).findings).filter((f) => f.code === code);
}

/** The mrkdwn of every text object of the messages: sections, fields, context, confirm dialogs. */
function mrkdwnOf(messages: SlackMessage[]): string[] {
  const texts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const object = node as Record<string, unknown>;
    if (object.type === 'mrkdwn' && typeof object.text === 'string') texts.push(object.text);
    for (const value of Object.values(object)) visit(value);
  };
  visit(messages.map((message) => message.blocks));
  return texts;
}

const decode = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The code (fences, then spans) of a mrkdwn text, and the prose left around it. */
function splitCode(text: string): { code: string[]; prose: string } {
  const code: string[] = [];
  const prose = text
    .replace(/```([\s\S]*?)```/g, (_m, inner: string) => {
      code.push(decode(inner.replace(/\u200B/g, '')));
      return ' ';
    })
    .replace(/`([^`\n]+)`/g, (_m, inner: string) => {
      code.push(decode(inner));
      return ' ';
    });
  return { code, prose: decode(prose) };
}

/** Why a command would not run as pasted into bash or zsh: unquoted globs, subshell or list operators. */
function shellProblems(command: string): string[] {
  const problems: string[] = [];
  let quote: string | null = null;
  let wordStart = true;
  for (let i = 0; i < command.length; i += 1) {
    const c = command[i] ?? '';
    if (c === '$' && command[i + 1] === '(') {
      i = closingParen(command, i + 1);
      wordStart = false;
      continue;
    }
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      wordStart = false;
    } else if (c === '\\') {
      i += 1;
    } else if (/\s/.test(c)) {
      wordStart = true;
    } else if (c === '<') {
      // A placeholder to replace (`<subnet-ids>`): the reader edits it before running.
      const end = command.indexOf('>', i);
      if (end === -1) problems.push(`unquoted < at ${i}`);
      else i = end;
      wordStart = false;
    } else if ('*?['.includes(c)) {
      problems.push(`unquoted glob ${c} at ${i}`);
    } else if ('();&|`>'.includes(c)) {
      problems.push(`unquoted ${c} at ${i}`);
    } else if (c === '#' && wordStart) {
      problems.push(`comment # at ${i}`);
    } else if (c === '{') {
      const end = command.indexOf('}', i);
      if (end !== -1 && command.slice(i, end).includes(',')) problems.push(`brace expansion at ${i}`);
      wordStart = false;
    } else {
      wordStart = false;
    }
  }
  if (quote) problems.push(`unterminated ${quote}`);
  return problems;
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < text.length; i += 1) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '(') {
      depth += 1;
    } else if (c === ')') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return text.length;
}

/** Words of prose, without the punctuation around them. */
function words(prose: string): string[] {
  return prose
    .split(/\s+/)
    .map((word) => word.replace(/^[("'[]+|[.,;:)"'\]]+$/g, ''))
    .filter(Boolean);
}

function slackMessages(finding: Finding): { all: SlackMessage[]; report: Report } {
  const r = report([finding]);
  const summary = renderSummary({
    report: r,
    requestedBy: 'U0ALLOWED1',
    runId: 'r1',
    offers: [],
    buttonValue: '{}',
  });
  return { all: [summary, ...renderEvidence(r)], report: r };
}

describe('shellProblems, the checker itself', () => {
  it.each([
    ["aws apigateway update-stage --patch-operations 'op=replace,path=/*/*/logging/loglevel,value=INFO'", 0],
    ['aws apigateway update-stage --patch-operations op=replace,path=/*/*/logging/loglevel,value=INFO', 2],
    [`aws x --patch-operations "$(jq -c '[{op:"replace"}]' policy.json)"`, 0],
    ['aws ec2 create-vpc-endpoint --subnet-ids <subnet-ids> --vpc-id vpc-1', 0],
    ['curl https://x/a(b)', 2],
  ])('%s: %i problems', (command, count) => {
    expect(shellProblems(command)).toHaveLength(count);
  });
});

describe.each(FINDING_CODES)('%s as users see it', (code) => {
  const produced = findingsOf(code);

  it('has no look-alike character in Slack or in the terminal', () => {
    for (const finding of produced) {
      const { all, report: r } = slackMessages(finding);
      expect(JSON.stringify(all)).not.toMatch(LOOKALIKES);
      expect(renderText(r, { colour: false })).not.toMatch(LOOKALIKES);
    }
  });

  it('shows in Slack every command, ARN and id it names as code, and nothing Slack would format outside it', () => {
    for (const finding of produced) {
      for (const text of mrkdwnOf(slackMessages(finding).all)) {
        // The renderer's own italics (`_none_`) are markup, not finding text.
        const { prose } = splitCode(text.replace(/_(?:none|none found|unknown VPC|no check ran)_/g, ' '));
        expect(prose, text).not.toMatch(COMMAND);
        expect(prose, text).not.toMatch(/arn:aws/);
        const bare = words(prose).filter(
          (word) => finding.resources.includes(word) || EDGE_UNDERSCORE.test(word) || /[~`]/.test(word),
        );
        expect(bare, text).toEqual([]);
      }
    }
  });

  it('gives shell commands that run as pasted into bash and zsh', () => {
    for (const finding of produced) {
      const commands = mrkdwnOf(slackMessages(finding).all)
        .flatMap((text) => splitCode(text).code)
        .filter((code) => COMMAND_START.test(code));
      for (const command of commands) expect(shellProblems(command), command).toEqual([]);
    }
  });

  it('prints every command in the terminal as a backtick span, whole on one line', () => {
    for (const finding of produced) {
      const output = renderText(report([finding]), { colour: false });
      const spans = [...finding.detail.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? '');
      const lines = output.split('\n');
      for (const span of spans) expect(lines.some((line) => line.includes(`\`${span}\``))).toBe(true);
      const outside = output.replace(/`[^`\n]+`/g, ' ');
      expect(outside).not.toMatch(COMMAND);
    }
  });
});

describe('the commands of the fixes’ audit lines', () => {
  // A fix with an Undo button of its own (the policy edit) gives no undo command: see the next test.
  const undoneByCommand = FIX_IDS.filter((fix) => !fixById(fix).undo);
  it.each(undoneByCommand)(
    '%s: its undo and its CloudTrail lookup are code spans that run as pasted into bash and zsh',
    async (fix) => {
      const result = await createRemediatorWithPorts(fakePorts(healthyAws())).apply(fix, target, actor);
      const audit = renderAudit({ fix, target, actor, result, at: new Date(0) });

      const commands = mrkdwnOf([audit])
        .flatMap((text) => splitCode(text).code)
        .filter((code) => COMMAND_START.test(code));

      expect(result.outcome === 'applied' ? result.undo : null).toBeTruthy();
      expect(commands).toHaveLength(2);
      expect(commands[1]).toMatch(/^aws cloudtrail lookup-events /);
      for (const command of commands) expect(shellProblems(command), command).toEqual([]);
    },
  );

  it('allow-endpoint-in-policy: its audit line offers an Undo button, with a confirm dialog that fits', () => {
    const fix = 'allow-endpoint-in-policy';
    const result = { outcome: 'applied', fix, requestId: 'r', summary: 'allowed', undoRecord: '{}' } as const;
    const audit = renderAudit({ fix, target, actor, result, at: new Date(0), undoRef: 'A'.repeat(22) });

    const actions = audit.blocks.find((block) => block.type === 'actions');
    const button = actions && 'elements' in actions ? actions.elements[0] : undefined;
    expect(button).toMatchObject({ action_id: 'undo', value: 'A'.repeat(22) });
    const text = button && 'confirm' in button ? (button.confirm?.text?.text ?? '') : '';
    // The fix's own words, whole: a cut or missing dialog fails here.
    expect(text).toBe(fixById(fix).undo?.confirm);
  });
});
