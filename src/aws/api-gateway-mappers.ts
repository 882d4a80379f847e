// API Gateway SDK shapes → engine facts, shared by the diagnosis reader and the remediation reader so a stage
// or an API summary reads the same whichever side fetched it.

import type { RestApi, Stage } from '@aws-sdk/client-api-gateway';
import type { LoggingLevel, RestApiSummary, StageInfo } from '../diagnosis/facts.js';

export function toStageInfo(stage: Stage): StageInfo {
  // `*/*` holds the stage-wide settings; per-method overrides do not change what the logs checks rely on.
  const stageWide = stage.methodSettings?.['*/*'];
  return {
    stageName: stage.stageName ?? '',
    deploymentId: stage.deploymentId ?? null,
    loggingLevel: toLoggingLevel(stageWide?.loggingLevel),
    dataTraceEnabled: stageWide?.dataTraceEnabled ?? false,
    metricsEnabled: stageWide?.metricsEnabled ?? false,
    lastUpdatedDate: isoOrNull(stage.lastUpdatedDate),
    accessLogDestinationArn: stage.accessLogSettings?.destinationArn || null,
    ...tagsOf(stage.tags),
  };
}

export function toRestApiSummary(api: RestApi): RestApiSummary {
  return { id: api.id ?? '', name: api.name ?? '', endpointTypes: api.endpointConfiguration?.types ?? [] };
}

function toLoggingLevel(value: string | undefined): LoggingLevel {
  const upper = value?.toUpperCase();
  return upper === 'INFO' || upper === 'ERROR' ? upper : 'OFF';
}

export function isoOrNull(date: Date | undefined): string | null {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

/** The tags field of a fact: present only when the resource has tags, so untagged resources read as before. */
export function tagsOf(tags: Record<string, string> | undefined): { tags?: Record<string, string> } {
  return tags && Object.keys(tags).length > 0 ? { tags: { ...tags } } : {};
}
