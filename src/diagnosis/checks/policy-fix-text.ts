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
 * The AWS CLI command that saves a policy file as the API's resource policy. The patch needs the whole policy as
 * one JSON string; `jq … tojson` builds exactly that from the file, so no hand escaping is needed.
 */
function policyUpdateCommand(target: Pick<PolicyEditTarget, 'apiId' | 'region'>, file: string): string {
  return (
    `aws apigateway update-rest-api --rest-api-id ${target.apiId} --region ${target.region} --patch-operations ` +
    `"$(${POLICY_PATCH_JQ} ${file})"`
  );
}

/** Turns a policy file into the UpdateRestApi patch that saves it (the whole policy as one JSON string). */
export const POLICY_PATCH_JQ = `jq -c '[{op:"replace",path:"/policy",value:tojson}]'`;

/** "Where: …. Then redeploy …" — the console path and the CLI commands. */
export function policyEditSteps(target: PolicyEditTarget): string {
  const { apiId, region } = target;
  const stage = target.stage ?? '<stage>';
  return (
    `Where: API Gateway console → APIs → ${apiId} → Resource policy → Edit, then Save; or save the edited ` +
    `policy as policy.json and run \`${policyUpdateCommand(target, 'policy.json')}\`. ` +
    `Then redeploy the stage (console: Deploy API → ${stage}), or run ` +
    `\`aws apigateway create-deployment --rest-api-id ${apiId} --region ${region} --stage-name ${stage}\`: ` +
    'saving the policy alone changes nothing.'
  );
}
