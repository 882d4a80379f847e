// Where and how a resource-policy edit is made, and the redeploy that makes it live: the part of a policy
// finding's fix that is the same whatever the edit is. Text a user copies (commands) is in backticks, which
// the Slack renderer shows as code (copy-safe) and the terminal prints as is.

export interface PolicyEditTarget {
  apiId: string;
  region: string;
  /** The stage to redeploy; null when none was chosen. */
  stage: string | null;
}

/**
 * "Where: …. Then redeploy …" — the console path and the CLI commands. The CLI patch needs the whole policy as
 * one JSON string; `jq … tojson` builds exactly that from the edited policy, so no hand escaping is needed.
 */
export function policyEditSteps(target: PolicyEditTarget): string {
  const { apiId, region } = target;
  const stage = target.stage ?? '<stage>';
  return (
    `Where: API Gateway console → APIs → ${apiId} → Resource policy → Edit, then Save; or save the edited ` +
    'policy as policy.json and run ' +
    `\`aws apigateway update-rest-api --rest-api-id ${apiId} --region ${region} --patch-operations ` +
    `"$(jq -c '[{op:"replace",path:"/policy",value:tojson}]' policy.json)"\`. ` +
    `Then redeploy the stage (console: Deploy API → ${stage}), or run ` +
    `\`aws apigateway create-deployment --rest-api-id ${apiId} --region ${region} --stage-name ${stage}\`: ` +
    'saving the policy alone changes nothing.'
  );
}
