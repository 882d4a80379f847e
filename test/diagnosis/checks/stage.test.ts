import { describe, expect, it } from 'vitest';
import { stageCheck } from '../../../src/diagnosis/checks/stage.js';
import type { Facts, Fetched, StageInfo } from '../../../src/diagnosis/facts.js';
import { buildFacts, fetchedFailed, stage as sharedStage } from './facts-builder.js';

function stage(stageName: string): StageInfo {
  return sharedStage({ stageName, deploymentId: 'dep1', loggingLevel: 'OFF' });
}

function facts(options: { stages: Fetched<StageInfo[]> | null; asked?: string; chosen?: StageInfo }): Facts {
  return buildFacts({
    request: { stage: options.asked ?? null },
    urlForm: 'none',
    stages: options.stages,
    stage: options.chosen ?? null,
  });
}

const twoStages: Fetched<StageInfo[]> = { ok: true, value: [stage('dev'), stage('prod')], ms: 1 };

describe('stageCheck', () => {
  it('is skipped when the stages were not fetched because the API is missing', () => {
    // Act
    const outcome = stageCheck.run(facts({ stages: null }));

    // Assess
    expect(outcome.status).toBe('skipped');
    expect(outcome.reason).toBeTruthy();
  });

  it('errors with AWS_PERMISSION_MISSING when GetStages is denied', () => {
    // Prepare
    const denied: Fetched<StageInfo[]> = fetchedFailed('access-denied', {
      action: 'apigateway:GET',
      operation: 'GetStages',
      message: 'denied',
    });

    // Act
    const outcome = stageCheck.run(facts({ stages: denied }));

    // Assess
    expect(outcome.status).toBe('error');
    expect(outcome.findings.map((f) => f.code)).toEqual(['AWS_PERMISSION_MISSING']);
  });

  it('reports NO_DEPLOYED_STAGE when the API has no stage', () => {
    // Act
    const outcome = stageCheck.run(facts({ stages: { ok: true, value: [], ms: 1 } }));

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings.map((f) => f.code)).toEqual(['NO_DEPLOYED_STAGE']);
    expect(outcome.findings[0]?.detail).toContain('a1b2c3d4e5');
  });

  it('reports STAGE_NOT_FOUND listing the stages that exist when the asked stage is absent', () => {
    // Act
    const outcome = stageCheck.run(facts({ stages: twoStages, asked: 'Prod' }));

    // Assess
    expect(outcome.status).toBe('fail');
    expect(outcome.findings[0]).toMatchObject({
      code: 'STAGE_NOT_FOUND',
      evidence: { stage: 'Prod', existingStages: ['dev', 'prod'] },
    });
    expect(outcome.findings[0]?.detail).toContain('dev, prod');
  });

  it('points at the --stage value when the stage was given with --stage', () => {
    const outcome = stageCheck.run(facts({ stages: twoStages, asked: 'Prod' }));

    expect(outcome.findings[0]?.fix).toBe(
      'Check the --stage value (it is case-sensitive): one of dev, prod.',
    );
    expect(outcome.findings[0]?.detail).not.toContain('invoke URL');
  });

  it('points at the stage segment of the invoke URL when the stage came from one', () => {
    const outcome = stageCheck.run(
      buildFacts({
        request: { stage: 'Prod', url: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/Prod' },
        urlForm: 'private-dns',
        stages: twoStages,
      }),
    );

    expect(outcome.findings[0]?.fix).toBe(
      'Check the stage segment of the invoke URL (it is case-sensitive).',
    );
  });

  it('errors asking for --stage when no stage was named and several exist', () => {
    // Act
    const outcome = stageCheck.run(facts({ stages: twoStages }));

    // Assess
    expect(outcome).toEqual({
      status: 'error',
      findings: [],
      reason: '2 stages (dev, prod): name one with --stage',
    });
  });

  it('passes when the asked stage exists', () => {
    // Act
    const outcome = stageCheck.run(facts({ stages: twoStages, asked: 'prod', chosen: stage('prod') }));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });

  it('passes when no stage was named and the API has exactly one', () => {
    // Act
    const outcome = stageCheck.run(
      facts({ stages: { ok: true, value: [stage('v1')], ms: 1 }, chosen: stage('v1') }),
    );

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });
});
