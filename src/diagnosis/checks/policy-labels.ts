// How the report names a policy statement: numbered from 1 as people count, with its Sid when it has one.

export function statementLabel(statement: { index: number; sid: string | null }): string {
  return statement.sid
    ? `statement #${statement.index + 1} (Sid "${statement.sid}")`
    : `statement #${statement.index + 1}`;
}
