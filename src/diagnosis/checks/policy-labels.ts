// How every text names a policy statement: by its position in the policy's Statement array, counted from 0 as in
// JSON (`Statement[0]`) — the same number the evidence gives as `statementIndex` and the policy parser's errors use.

export function statementLabel(statement: { index: number; sid: string | null }): string {
  return statement.sid
    ? `Statement[${statement.index}] (Sid "${statement.sid}")`
    : `Statement[${statement.index}]`;
}
