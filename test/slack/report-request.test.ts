import { describe, expect, it } from 'vitest';
import {
  keepRequest,
  newRequestRef,
  REQUEST_REF,
  recallRequest,
  repeatableRequest,
  sameRequest,
} from '../../src/slack/report-request.js';
import { MemoryStateStore } from '../../src/state/memory-store.js';
import { healthyReport, request } from './fixtures.js';

const MESSAGE = { channelId: 'C0INCIDENT', messageTs: '1700000000.000001' };

describe('report requests', () => {
  it('recalls the kept request for its own message only', async () => {
    const store = new MemoryStateStore();
    const ref = newRequestRef();
    const kept = request({
      url: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/x',
      method: 'POST',
    });
    await keepRequest(store, ref, { ...MESSAGE, request: kept });

    expect(ref).toMatch(REQUEST_REF);
    expect(await recallRequest(store, ref, MESSAGE)).toEqual({ ok: true, request: kept });
    expect(await recallRequest(store, ref, { ...MESSAGE, messageTs: '1700000000.000002' })).toEqual({
      ok: false,
      problem: 'other-message',
    });
    expect(await recallRequest(store, newRequestRef(), MESSAGE)).toEqual({ ok: false, problem: 'expired' });
    expect(await recallRequest(store, null, MESSAGE)).toEqual({ ok: false, problem: 'no-reference' });
  });

  it('forgets a request after its time to live', async () => {
    let now = 1_000;
    const store = new MemoryStateStore({ now: () => now });
    const ref = newRequestRef();
    await keepRequest(store, ref, { ...MESSAGE, request: request() }, 60_000);

    now += 60_001;

    expect(await recallRequest(store, ref, MESSAGE)).toEqual({ ok: false, problem: 'expired' });
  });

  it('reads a stored note that is not a request as gone, never as a request', async () => {
    const store = new MemoryStateStore();
    const ref = newRequestRef();
    await store.saveNote(
      `report-request:${ref}`,
      JSON.stringify({ ...MESSAGE, request: { apiId: '../x' } }),
      1000,
    );

    expect(await recallRequest(store, ref, MESSAGE)).toEqual({ ok: false, problem: 'expired' });
  });

  it('repeats the region and the account the report ran in', () => {
    const repeated = repeatableRequest(request({ region: null }), healthyReport());

    expect(repeated).toMatchObject({ region: 'us-east-1', accountId: '123456789012' });
  });

  it('compares requests by what they ask, not by key order or absent optional fields', () => {
    const a = request({ method: null });
    const { method: _method, ...b } = request();

    expect(sameRequest(a, b)).toBe(true);
    expect(sameRequest(a, request({ url: 'https://x.example/other' }))).toBe(false);
    expect(
      sameRequest(
        request({ callerSecurityGroupIds: ['sg-1', 'sg-2'] }),
        request({ callerSecurityGroupIds: ['sg-2', 'sg-1'] }),
      ),
    ).toBe(true);
  });
});
