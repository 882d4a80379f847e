import { describe, expect, it } from 'vitest';
import { AwsCallError, type Fetched, type NetworkInterfaceInfo } from '../../src/diagnosis/facts.js';
import { gatherProbe } from '../../src/diagnosis/probe-gather.js';
import type { DiagnosisRequest } from '../../src/diagnosis/types.js';
import type { ProbeInput } from '../../src/probe/schema.js';
import { probeOutput } from '../probe/probe-output-fixtures.js';
import { endpoint, stubPorts } from './stub-ports.js';

const request: DiagnosisRequest = {
  apiId: 'a1b2c3d4e5',
  region: 'us-east-1',
  stage: 'prod',
  urlForm: 'none',
  url: null,
  vpcId: null,
  vpceId: null,
  customDomain: null,
  callerSecurityGroupIds: [],
  sinceMs: 900_000,
  probe: true,
};

function context(
  endpointInterfaces: Promise<Fetched<NetworkInterfaceInfo[]> | null> = Promise.resolve(null),
  timeoutMs = 20_000,
) {
  return {
    endpointInterfaces,
    region: 'us-east-1',
    candidates: [{ vpcId: 'vpc-0a1b2c3d', endpoints: [endpoint()] }],
    stageName: Promise.resolve('prod'),
    timeoutMs,
  };
}

describe('gatherProbe', () => {
  it('invokes the probe found for the caller VPC with a budget inside the function timeout', async () => {
    // Prepare
    const ports = stubPorts({});
    let sent: ProbeInput | undefined;
    ports.probe.findFunction = async () => 'apigw-diagnose-probe-vpc-0a1b2c3d';
    ports.probe.invoke = async (_name, input) => {
      sent = input;
      return probeOutput();
    };
    const interfaces = Promise.resolve({
      ok: true as const,
      ms: 1,
      value: [{ id: 'eni-0a', subnetId: 'subnet-0a', privateIpAddresses: ['10.0.1.10'], ipv6Addresses: [] }],
    });

    // Act
    const fact = await gatherProbe(request, ports, context(interfaces));

    // Assess
    expect(fact).toMatchObject({
      state: 'ran',
      functionName: 'apigw-diagnose-probe-vpc-0a1b2c3d',
      endpointAddresses: ['10.0.1.10'],
    });
    expect(sent?.budgetMs).toBeLessThanOrEqual(12_000);
    expect(sent?.stage).toBe('prod');
  });

  it('keeps the probe result when the endpoint addresses cannot be read', async () => {
    // Prepare
    const ports = stubPorts({});
    ports.probe.findFunction = async () => 'probe';
    ports.probe.invoke = async () => probeOutput();
    ports.ec2.describeNetworkInterfaces = async () => {
      throw new AwsCallError(
        'access-denied',
        'ec2:DescribeNetworkInterfaces',
        'denied',
        'DescribeNetworkInterfaces',
      );
    };

    // Act
    const fact = await gatherProbe(request, ports, context());

    // Assess
    expect(fact).toMatchObject({ state: 'ran', endpointAddresses: [] });
  });

  it('reports a probe that failed as an error, never as a result', async () => {
    // Prepare
    const ports = stubPorts({});
    ports.probe.findFunction = async () => 'probe';
    ports.probe.invoke = async () => {
      throw new AwsCallError(
        'other',
        'lambda:InvokeFunction',
        'Task timed out after 15.00 seconds',
        'Invoke',
      );
    };

    // Act
    const fact = await gatherProbe(request, ports, context());

    // Assess
    expect(fact).toMatchObject({
      state: 'error',
      functionName: 'probe',
      message: 'Task timed out after 15.00 seconds',
    });
  });

  it('says no probe is configured when none is deployed for the VPC, and when the VPC is unknown', async () => {
    const ports = stubPorts({});
    expect(await gatherProbe(request, ports, context())).toEqual({
      state: 'not-configured',
      vpcId: 'vpc-0a1b2c3d',
    });
    expect(await gatherProbe(request, ports, { ...context(), candidates: [] })).toEqual({
      state: 'not-configured',
      vpcId: null,
    });
  });

  it('does nothing with --no-probe', async () => {
    const ports = stubPorts({});
    expect(await gatherProbe({ ...request, probe: false }, ports, context())).toEqual({ state: 'disabled' });
    expect(ports.calls).toEqual([]);
  });
});

describe('gatherProbe with several candidate VPCs', () => {
  it('runs the probe in the first candidate VPC that has one deployed, and says which', async () => {
    // Prepare
    const ports = stubPorts({});
    ports.probe.findFunction = async (vpcId) =>
      vpcId === 'vpc-0f0e0d0c' ? 'apigw-diagnose-probe-vpc-0f0e0d0c' : null;
    let invoked = '';
    ports.probe.invoke = async (name) => {
      invoked = name;
      return probeOutput();
    };
    const candidates = [
      { vpcId: 'vpc-0a1b2c3d', endpoints: [endpoint()] },
      {
        vpcId: 'vpc-0f0e0d0c',
        endpoints: [endpoint({ id: 'vpce-0fedcba987654321a', vpcId: 'vpc-0f0e0d0c' })],
      },
    ];

    // Act
    const fact = await gatherProbe(request, ports, { ...context(), candidates });

    // Assess
    expect(fact).toMatchObject({ state: 'ran', vpcId: 'vpc-0f0e0d0c' });
    expect(invoked).toBe('apigw-diagnose-probe-vpc-0f0e0d0c');
  });
});
