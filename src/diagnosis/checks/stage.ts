// Which stage is under diagnosis: it must exist, and an API with no stage was never deployed.

import type { DiagnosisRequest } from '../types.js';
import { type Check, couldNotRun, finding, statusFor } from './check.js';

/** Whether the stage came from the path of an invoke URL (else from --stage, or a custom domain's mapping). */
function stageFromUrl(request: DiagnosisRequest): boolean {
  return request.url !== null && request.urlForm !== 'custom-domain' && request.urlForm !== 'none';
}

export const stageCheck: Check = {
  id: 'stage',
  needs: ['stages'],
  run(facts) {
    const apiId = facts.request.apiId;
    const { stages } = facts;
    // The engine does not read stages of an API it could not find.
    if (stages === null)
      return { status: 'skipped', findings: [], reason: `stages of ${apiId} were not read` };
    if (!stages.ok) return couldNotRun('stage', `Stages of REST API ${apiId}`, stages.error);

    const names = stages.value.map((stage) => stage.stageName);
    if (names.length === 0) {
      const found = finding(
        'NO_DEPLOYED_STAGE',
        {
          cause: `REST API ${apiId} in ${facts.region} has no stage: it was never deployed, so no invoke URL exists.`,
          fix: `Deploy it: \`aws apigateway create-deployment --rest-api-id ${apiId} --stage-name <name> --region ${facts.region}\``,
          shortFix: 'Deploy the API to a stage (the command is in the thread).',
          resources: [apiId],
        },
        { apiId, region: facts.region },
      );
      return { status: statusFor([found]), findings: [found] };
    }

    const asked = facts.request.stage;
    if (asked !== null && !names.includes(asked)) {
      const found = finding(
        'STAGE_NOT_FOUND',
        {
          cause: `REST API ${apiId} has no stage "${asked}"; its stages are: ${names.join(', ')}.`,
          fix: stageFromUrl(facts.request)
            ? 'Check the stage segment of the invoke URL (it is case-sensitive).'
            : `Check the --stage value (it is case-sensitive): one of ${names.join(', ')}.`,
          resources: [apiId],
        },
        { apiId, stage: asked, existingStages: names },
      );
      return { status: statusFor([found]), findings: [found] };
    }

    if (asked === null && facts.stage === null && names.length > 1) {
      return {
        status: 'error',
        findings: [],
        reason: `${names.length} stages (${names.join(', ')}): name one with --stage`,
      };
    }
    return { status: 'pass', findings: [] };
  },
};
