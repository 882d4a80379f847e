// The full sentence of each typed risk (what the audit, the tests and any adapter without a length limit show).

import { describe, expect, it } from 'vitest';
import { cutOffApisSentence, type PublicApi, type Risk, riskText } from '../../src/remediation/risks.js';

const api = (i: number, kind: PublicApi['kind'] = 'REST'): PublicApi => ({
  name: `api-${i}`,
  id: `id${i}`,
  kind,
});

describe('riskText', () => {
  it.each<[Risk, string]>([
    [{ kind: 'will-be-refused', reason: 'no stage was given.' }, 'Will be refused: no stage was given.'],
    [{ kind: 'nothing-will-change', reason: 'already on.' }, 'Nothing will change: already on.'],
    [
      { kind: 'could-not-read', what: 'read the stage', message: 'denied' },
      'Could not read the stage: denied',
    ],
    [
      {
        kind: 'could-not-read',
        what: 'read the stage',
        message: 'denied',
        consequence: 'the id is unknown.',
      },
      'Could not read the stage (denied); the id is unknown.',
    ],
    [{ kind: 'cost', text: 'Logs cost money.', short: 'Costs.' }, 'Logs cost money.'],
    [{ kind: 'note', text: 'Bodies may be logged.', short: 'Bodies.' }, 'Bodies may be logged.'],
    [
      { kind: 'ships-pending-changes', apiId: 'a1', sinceDeploymentId: null },
      'Every change made to API a1 since the current deployment ships, not only the resource policy: resources, methods, integrations and authorizers too.',
    ],
  ])('%j → %s', (risk, text) => {
    expect(riskText(risk)).toBe(text);
  });

  it('names five public APIs with their kind, then counts the rest', () => {
    const risk: Risk = {
      kind: 'breaks-public-apis',
      region: 'us-east-1',
      apis: [api(1), api(2, 'HTTP'), api(3, 'WEBSOCKET'), api(4), api(5), api(6), api(7)],
      checked: ['REST', 'HTTP', 'WEBSOCKET'],
    };

    expect(riskText(risk)).toBe(
      'This VPC will no longer reach these public APIs in us-east-1 (403): api-1 (REST API id1), ' +
        'api-2 (HTTP API id2), api-3 (WebSocket API id3), api-4 (REST API id4), api-5 (REST API id5) and 2 more.',
    );
    expect(cutOffApisSentence(risk, 1)).toMatch(/: api-1 \(REST API id1\) and 6 more\.$/);
  });

  it('says which kinds were listed when no public API is affected', () => {
    expect(riskText({ kind: 'breaks-public-apis', region: 'eu-west-1', apis: [], checked: ['REST'] })).toBe(
      'No public (REGIONAL/EDGE) REST API of this account is in eu-west-1 with its default endpoint on.',
    );
  });
});
