import { describe, expect, it } from 'vitest';
import { invokeUrlCheck } from '../../../src/diagnosis/checks/invoke-url.js';
import type { Facts } from '../../../src/diagnosis/facts.js';
import type { UrlForm } from '../../../src/diagnosis/types.js';
import { buildFacts } from './facts-builder.js';

const VPCE_URL = 'https://vpce-0abc123-xyz.execute-api.us-east-1.vpce.amazonaws.com/prod/orders';

function facts(urlForm: UrlForm, url: string | null): Facts {
  return buildFacts({ urlForm, request: { url } });
}

describe('invokeUrlCheck', () => {
  it('warns VPCE_HOSTNAME_NEEDS_HEADER with both curl forms when the URL is the vpce hostname', () => {
    // Act
    const outcome = invokeUrlCheck.run(facts('vpce-hostname', VPCE_URL));

    // Assess
    expect(outcome.status).toBe('warn');
    expect(outcome.findings[0]).toMatchObject({ code: 'VPCE_HOSTNAME_NEEDS_HEADER', severity: 'warning' });
    expect(outcome.findings[0]?.detail).toContain(
      `\`curl -H 'Host: a1b2c3d4e5.execute-api.us-east-1.amazonaws.com' '${VPCE_URL}'\``,
    );
    expect(outcome.findings[0]?.detail).toContain(`\`curl -H 'x-apigw-api-id: a1b2c3d4e5' '${VPCE_URL}'\``);
  });

  it.each<UrlForm>(['private-dns', 'vpce-alias', 'none'])('passes when the URL form is %s', (form) => {
    // Act
    const outcome = invokeUrlCheck.run(facts(form, null));

    // Assess
    expect(outcome).toEqual({ status: 'pass', findings: [] });
  });
});
