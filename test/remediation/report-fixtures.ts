// Reports with findings that offer fix buttons, for the tests of what the report adds to a fix (the AWS CLI
// commands, the infrastructure-as-code advice).

import { finding } from '../../src/diagnosis/checks/check.js';
import type { RanCheck } from '../../src/diagnosis/report.js';
import type { Target } from '../../src/diagnosis/types.js';

/** A private API in eu-west-1, stage prod, reached through one endpoint of the caller's VPC. */
export const target: Target = {
  apiId: 'a1b2c3d4e5',
  region: 'eu-west-1',
  stage: 'prod',
  accountId: '111111111111',
  urlForm: 'none',
  vpcId: 'vpc-0a1b2c3d',
  vpcEndpointIds: ['vpce-0a1b2c3d4e5f60718'],
};

/** The logging check finding execution logging OFF: the Enable execution logging button. */
export const loggingOff: RanCheck = {
  id: 'logging-config',
  durationMs: 1,
  outcome: {
    status: 'warn',
    findings: [
      finding(
        'EXECUTION_LOGGING_DISABLED',
        {
          cause: 'Execution logging is OFF on stage prod.',
          fix: 'Set the log level to INFO for every method of the stage.',
          caveat: 'CloudWatch Logs charges apply.',
          resources: [],
        },
        { loggingLevel: 'OFF', metricsEnabled: false },
      ),
    ],
  },
};

/** The private-DNS check finding it off on `vpceIds`: the Enable private DNS button. */
export const privateDnsOff = (vpceIds: string[]): RanCheck => ({
  id: 'private-dns',
  durationMs: 1,
  outcome: {
    status: 'fail',
    findings: [
      finding(
        'PRIVATE_DNS_DISABLED',
        { cause: 'Private DNS is off.', fix: 'Enable private DNS on the endpoint.', resources: vpceIds },
        { vpceIds },
      ),
    ],
  },
});
