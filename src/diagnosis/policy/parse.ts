// Turns a policy as AWS returns it into a normalised PolicyDocument. GetRestApi returns the resource policy
// with escaped quotes and slashes (`{\"Version\":…\/*\"}`), so plain JSON.parse is not enough
// (domain-reference A4, "Parsing pitfall").

import type { ConditionClause, PolicyDocument, PolicyStatement, PrincipalBlock } from './types.js';

export class PolicyParseError extends Error {
  override readonly name = 'PolicyParseError';
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The policy's JSON text as it was written: plain JSON as it is, a JSON-encoded string unwrapped, or the
 * backslash-escaped form GetRestApi returns unescaped. Writing this text back restores the policy exactly.
 */
export function policyJsonText(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw new PolicyParseError('The policy is empty.');
  const attempts = [trimmed, trimmed.replace(/\\"/g, '"').replace(/\\\//g, '/')];
  let lastError: unknown;
  for (const attempt of attempts) {
    try {
      const parsed: unknown = JSON.parse(attempt);
      if (typeof parsed !== 'string') return attempt;
      JSON.parse(parsed);
      return parsed;
    } catch (error) {
      lastError = error;
    }
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new PolicyParseError(
    `The policy is not valid JSON (${reason}); it starts with: ${trimmed.slice(0, 60)}`,
  );
}

function decodeJson(text: string): unknown {
  return JSON.parse(policyJsonText(text));
}

/** Finds a policy element whatever its case (`Statement`, `statement`): AWS is lenient, so are we. */
function field(object: JsonObject, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}

function scalarToString(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new PolicyParseError(`${where} must be a string or a list of strings, got ${JSON.stringify(value)}.`);
}

function stringList(value: unknown, where: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((item) => scalarToString(item, where));
  return [scalarToString(value, where)];
}

function principalBlock(value: unknown, where: string): PrincipalBlock | undefined {
  if (value === undefined) return undefined;
  if (value === '*') return '*';
  if (!isObject(value)) throw new PolicyParseError(`${where} must be "*" or an object such as {"AWS": "*"}.`);
  const block: Record<string, string[]> = {};
  for (const [kind, ids] of Object.entries(value)) {
    block[kind] = stringList(ids, `${where}.${kind}`) ?? [];
  }
  return block;
}

function conditionClauses(value: unknown, where: string): ConditionClause[] {
  if (value === undefined) return [];
  if (!isObject(value)) throw new PolicyParseError(`${where} must be an object of operators.`);
  const clauses: ConditionClause[] = [];
  for (const [operator, keys] of Object.entries(value)) {
    if (!isObject(keys))
      throw new PolicyParseError(`${where}.${operator} must be an object of condition keys.`);
    for (const [key, values] of Object.entries(keys)) {
      clauses.push({ operator, key, values: stringList(values, `${where}.${operator}.${key}`) ?? [] });
    }
  }
  return clauses;
}

function parseEffect(value: unknown, where: string): 'Allow' | 'Deny' {
  if (typeof value === 'string' && value.toLowerCase() === 'allow') return 'Allow';
  if (typeof value === 'string' && value.toLowerCase() === 'deny') return 'Deny';
  throw new PolicyParseError(`${where}.Effect must be "Allow" or "Deny", got ${JSON.stringify(value)}.`);
}

function parseStatement(raw: unknown, index: number): PolicyStatement {
  const where = `Statement[${index}]`;
  if (!isObject(raw)) throw new PolicyParseError(`${where} must be an object.`);
  const sid = field(raw, 'Sid');
  const statement: PolicyStatement = {
    index,
    sid: typeof sid === 'string' && sid !== '' ? sid : null,
    effect: parseEffect(field(raw, 'Effect'), where),
    conditions: conditionClauses(field(raw, 'Condition'), `${where}.Condition`),
    json: raw,
  };
  const principal = principalBlock(field(raw, 'Principal'), `${where}.Principal`);
  const notPrincipal = principalBlock(field(raw, 'NotPrincipal'), `${where}.NotPrincipal`);
  const actions = stringList(field(raw, 'Action'), `${where}.Action`);
  const notActions = stringList(field(raw, 'NotAction'), `${where}.NotAction`);
  const resources = stringList(field(raw, 'Resource'), `${where}.Resource`);
  const notResources = stringList(field(raw, 'NotResource'), `${where}.NotResource`);
  if (principal) statement.principal = principal;
  if (notPrincipal) statement.notPrincipal = notPrincipal;
  if (actions) statement.actions = actions;
  if (notActions) statement.notActions = notActions;
  if (resources) statement.resources = resources;
  if (notResources) statement.notResources = notResources;
  if (!actions && !notActions) throw new PolicyParseError(`${where} has neither Action nor NotAction.`);
  return statement;
}

export function parsePolicy(text: string): PolicyDocument {
  const json = decodeJson(text);
  if (!isObject(json))
    throw new PolicyParseError('The policy must be a JSON object with a Statement element.');
  const rawStatements = field(json, 'Statement');
  if (rawStatements === undefined) throw new PolicyParseError('The policy has no Statement element.');
  const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  const version = field(json, 'Version');
  return {
    version: typeof version === 'string' ? version : null,
    statements: list.map((raw, index) => parseStatement(raw, index)),
    json,
  };
}
