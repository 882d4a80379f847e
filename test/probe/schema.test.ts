import { describe, expect, it } from 'vitest';
import { ProbeSchemaError, parseProbeOutput } from '../../src/probe/schema.js';
import { httpStep } from './probe-output-fixtures.js';

function payload(http: unknown[]): unknown {
  return {
    schemaVersion: 1,
    apiId: 'a1b2c3d4e5',
    region: 'us-east-1',
    startedAt: '2026-11-25T10:00:00.000Z',
    ms: 10,
    budgetMs: 8000,
    dns: [],
    tcp: [],
    http,
  };
}

describe('parseProbeOutput: http[].tlsVersion', () => {
  it('keeps the negotiated TLS version the probe recorded', () => {
    // Act
    const output = parseProbeOutput(payload([httpStep({ tlsVersion: 'TLSv1.2' })]));

    // Assess
    expect(output.http[0]?.tlsVersion).toBe('TLSv1.2');
  });

  it('reads a payload of an older probe without the field as null (backward compatible)', () => {
    // Prepare
    const { tlsVersion: _dropped, ...older } = httpStep();

    // Act
    const output = parseProbeOutput(payload([older]));

    // Assess
    expect(output.http[0]?.tlsVersion).toBeNull();
  });

  it('names the field when it is not a string', () => {
    // Act
    const parse = () => parseProbeOutput(payload([{ ...httpStep(), tlsVersion: 13 }]));

    // Assess
    expect(parse).toThrow(ProbeSchemaError);
    expect(parse).toThrow('payload.http[0].tlsVersion must be a string');
  });
});
