// Enable private DNS: pre-checks, the change, the plan and the public APIs it cuts off (in-memory ports).

import { describe, expect, it } from 'vitest';
import { RemediationCallError, type RestApiListing } from '../../../src/remediation/ports.js';
import { createRemediatorWithPorts } from '../../../src/remediation/remediator.js';
import { riskText } from '../../../src/remediation/risks.js';
import { actor, endpoint, fakePorts, healthyAws, target } from '../fake-aws.js';

describe('enable-private-dns', () => {
  it('turns private DNS on when the VPC attributes are on and no other endpoint owns the names', async () => {
    const ports = fakePorts(healthyAws());

    const result = await createRemediatorWithPorts(ports).apply('enable-private-dns', target, actor);

    expect(result).toMatchObject({ outcome: 'applied', requestId: 'req-modify' });
    expect(ports.log.calls).toEqual(['ModifyVpcEndpoint vpce-0aaa']);
  });

  it('refuses when no endpoint was given', async () => {
    const result = await createRemediatorWithPorts(fakePorts(healthyAws())).apply(
      'enable-private-dns',
      { ...target, vpceId: null },
      actor,
    );

    expect(result.outcome).toBe('precheck-failed');
  });

  it('refuses when the endpoint no longer exists', async () => {
    const result = await createRemediatorWithPorts(fakePorts(healthyAws({ endpoints: [] }))).apply(
      'enable-private-dns',
      target,
      actor,
    );

    expect(result.outcome === 'precheck-failed' && result.reason).toMatch(/vpce-0aaa does not exist/);
  });

  it('reports already-done when private DNS is already on', async () => {
    const ports = fakePorts(healthyAws({ endpoints: [endpoint({ privateDnsEnabled: true })] }));

    const result = await createRemediatorWithPorts(ports).apply('enable-private-dns', target, actor);

    expect(result.outcome).toBe('already-done');
    expect(ports.log.calls).toEqual([]);
  });

  it('refuses naming both attributes and the modify-vpc-attribute fix when VPC DNS is off', async () => {
    const aws = healthyAws({
      vpcAttributes: { 'vpc-1': { enableDnsSupport: false, enableDnsHostnames: false } },
    });
    const ports = fakePorts(aws);

    const result = await createRemediatorWithPorts(ports).apply('enable-private-dns', target, actor);

    const reason = result.outcome === 'precheck-failed' ? result.reason : '';
    expect(reason).toMatch(/enableDnsSupport and enableDnsHostnames are false on vpc-1/);
    expect(reason).toContain(`--vpc-id vpc-1 --enable-dns-hostnames '{"Value":true}'`);
    expect(ports.log.calls).toEqual([]);
  });

  it('refuses when another execute-api endpoint in the VPC already has private DNS on', async () => {
    const other = endpoint({ id: 'vpce-0bbb', privateDnsEnabled: true });
    const ports = fakePorts(healthyAws({ endpoints: [endpoint(), other] }));

    const result = await createRemediatorWithPorts(ports).apply('enable-private-dns', target, actor);

    const reason = result.outcome === 'precheck-failed' ? result.reason : '';
    expect(reason).toMatch(/vpce-0bbb with private DNS on/);
    expect(reason).toMatch(/conflicting DNS domain for \*\.execute-api\.us-east-1\.amazonaws\.com/);
    expect(ports.log.calls).toEqual([]);
  });

  it('ignores endpoints of other services and of other VPCs when looking for conflicts', async () => {
    const s3 = endpoint({
      id: 'vpce-0s3',
      serviceName: 'com.amazonaws.us-east-1.s3',
      privateDnsEnabled: true,
    });
    const elsewhere = endpoint({ id: 'vpce-0ccc', vpcId: 'vpc-2', privateDnsEnabled: true });
    const ports = fakePorts(healthyAws({ endpoints: [endpoint(), s3, elsewhere] }));

    const result = await createRemediatorWithPorts(ports).apply('enable-private-dns', target, actor);

    expect(result.outcome).toBe('applied');
  });

  it('plans by listing the first five public APIs and how many more will answer 403', async () => {
    const restApis: RestApiListing[] = [
      { id: 'priv000001', name: 'private-one', endpointTypes: ['PRIVATE'] },
      ...Array.from({ length: 7 }, (_, i) => ({
        id: `pub000000${i}`,
        name: `public-${i}`,
        endpointTypes: [i % 2 ? 'EDGE' : 'REGIONAL'],
      })),
    ];
    const plan = await createRemediatorWithPorts(fakePorts(healthyAws({ restApis }))).plan(
      'enable-private-dns',
      target,
    );

    const risk = plan.risks.map(riskText).find((line) => line.startsWith('This VPC will no longer reach'));
    expect(risk).toBe(
      'This VPC will no longer reach these public APIs in us-east-1 (403): public-0 (REST API pub0000000), ' +
        'public-1 (REST API pub0000001), public-2 (REST API pub0000002), public-3 (REST API pub0000003), ' +
        'public-4 (REST API pub0000004) and 2 more.',
    );
    expect(plan.change).toContain('inside vpc-1');
    expect(plan.risks.map(riskText).join('\n')).not.toContain('private-one');
  });

  it('plans with the refusal reason when a pre-check would fail', async () => {
    const aws = healthyAws({
      vpcAttributes: { 'vpc-1': { enableDnsSupport: true, enableDnsHostnames: false } },
    });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    expect(plan.risks.map(riskText)[0]).toMatch(/^Will be refused: enableDnsHostnames is false on vpc-1/);
  });

  it('plans even when the REST APIs cannot be listed, saying so', async () => {
    const denied = new RemediationCallError('access-denied', 'GetRestApis', 'AWS refused GetRestApis', null);
    const aws = healthyAws({ failures: { getRestApis: denied } });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    expect(plan.risks.map(riskText).join('\n')).toMatch(
      /Could not list the REST APIs in us-east-1 \(AWS refused GetRestApis\)/,
    );
  });

  it('plans by listing HTTP and WebSocket APIs with their kind next to the public REST APIs', async () => {
    const aws = healthyAws({
      restApis: [{ id: 'rest000001', name: 'checkout', endpointTypes: ['REGIONAL'] }],
      v2Apis: [
        { id: 'abc123', name: 'orders-http', protocolType: 'HTTP', disableExecuteApiEndpoint: false },
        { id: 'ws0001', name: 'chat', protocolType: 'WEBSOCKET', disableExecuteApiEndpoint: false },
      ],
    });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    expect(plan.risks.map(riskText)).toContain(
      'This VPC will no longer reach these public APIs in us-east-1 (403): checkout (REST API rest000001), ' +
        'orders-http (HTTP API abc123), chat (WebSocket API ws0001).',
    );
  });

  it('counts HTTP APIs in the first five and the "and N more" of the public APIs', async () => {
    const aws = healthyAws({
      restApis: Array.from({ length: 4 }, (_, i) => ({
        id: `rest00000${i}`,
        name: `rest-${i}`,
        endpointTypes: ['EDGE'],
      })),
      v2Apis: Array.from({ length: 3 }, (_, i) => ({
        id: `http0${i}`,
        name: `http-${i}`,
        protocolType: 'HTTP' as const,
        disableExecuteApiEndpoint: false,
      })),
    });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    const risk = plan.risks.map(riskText).find((line) => line.startsWith('This VPC will no longer reach'));
    expect(risk).toMatch(/rest-3 \(REST API rest000003\), http-0 \(HTTP API http00\) and 2 more\.$/);
  });

  it('leaves out APIs whose default execute-api endpoint is disabled, REST and v2 alike', async () => {
    const aws = healthyAws({
      restApis: [
        { id: 'rest000001', name: 'rest-off', endpointTypes: ['REGIONAL'], disableExecuteApiEndpoint: true },
        { id: 'rest000002', name: 'rest-on', endpointTypes: ['REGIONAL'], disableExecuteApiEndpoint: false },
      ],
      v2Apis: [
        { id: 'http01', name: 'http-off', protocolType: 'HTTP', disableExecuteApiEndpoint: true },
        { id: 'ws0001', name: 'ws-off', protocolType: 'WEBSOCKET', disableExecuteApiEndpoint: true },
      ],
    });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    expect(plan.risks.map(riskText)).toContain(
      'This VPC will no longer reach these public APIs in us-east-1 (403): rest-on (REST API rest000002).',
    );
    expect(plan.risks.map(riskText).join('\n')).not.toMatch(/rest-off|http-off|ws-off/);
  });

  it('says no public API is affected when every API is private or has its default endpoint disabled', async () => {
    const aws = healthyAws({
      restApis: [{ id: 'priv000001', name: 'private-one', endpointTypes: ['PRIVATE'] }],
      v2Apis: [{ id: 'http01', name: 'http-off', protocolType: 'HTTP', disableExecuteApiEndpoint: true }],
    });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    expect(plan.risks.map(riskText)).toContain(
      'No public (REGIONAL/EDGE) REST API, HTTP API or WebSocket API of this account is in us-east-1 ' +
        'with its default endpoint on.',
    );
  });

  it('names the HTTP/WebSocket APIs as unlisted when GetApis fails, and still lists the REST APIs', async () => {
    const denied = new RemediationCallError('access-denied', 'GetApis', 'AWS refused GetApis', null);
    const aws = healthyAws({
      restApis: [{ id: 'rest000001', name: 'checkout', endpointTypes: ['REGIONAL'] }],
      failures: { getV2Apis: denied },
    });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    expect(plan.risks.map(riskText).join('\n')).toMatch(
      /Could not list the HTTP\/WebSocket APIs in us-east-1 \(AWS refused GetApis\)/,
    );
    expect(plan.risks.map(riskText)).toContain(
      'This VPC will no longer reach these public APIs in us-east-1 (403): checkout (REST API rest000001).',
    );
  });

  it('limits the no-public-API line to REST APIs when GetApis fails and no REST API is public', async () => {
    const denied = new RemediationCallError('access-denied', 'GetApis', 'AWS refused GetApis', null);
    const aws = healthyAws({ failures: { getV2Apis: denied } });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    expect(plan.risks.map(riskText)).toContain(
      'No public (REGIONAL/EDGE) REST API of this account is in us-east-1 with its default endpoint on.',
    );
    expect(plan.risks.map(riskText).join('\n')).toContain(
      'Could not list the HTTP/WebSocket APIs in us-east-1',
    );
  });

  it('types the public APIs it cuts off (name, id, kind) and says which kinds were listed', async () => {
    const aws = healthyAws({
      restApis: [
        { id: 'rest000001', name: 'checkout', endpointTypes: ['EDGE'] },
        { id: 'priv000001', name: 'private-one', endpointTypes: ['PRIVATE'] },
      ],
      v2Apis: [{ id: 'ws0001', name: 'chat', protocolType: 'WEBSOCKET', disableExecuteApiEndpoint: false }],
    });

    const plan = await createRemediatorWithPorts(fakePorts(aws)).plan('enable-private-dns', target);

    expect(plan.risks.find((risk) => risk.kind === 'breaks-public-apis')).toEqual({
      kind: 'breaks-public-apis',
      region: 'us-east-1',
      apis: [
        { name: 'checkout', id: 'rest000001', kind: 'REST' },
        { name: 'chat', id: 'ws0001', kind: 'WEBSOCKET' },
      ],
      checked: ['REST', 'HTTP', 'WEBSOCKET'],
    });
    expect(plan.risks.map((risk) => risk.kind)).toEqual(['breaks-public-apis', 'note']);
  });
});
