import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runMcpStdio } from '../../src/mcp/stdio.js';

describe('apigw-diagnose mcp', () => {
  it('names a profile that does not exist, as the CLI does, and serves nothing', async () => {
    // Prepare
    const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() };
    let said = '';
    io.stderr.on('data', (chunk) => {
      said += String(chunk);
    });
    const env = {
      AWS_PROFILE: 'nosuch',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    };

    // Act
    const code = await runMcpStdio([], env, io, '0.0.0');

    // Assess
    expect(code).toBe(2);
    expect(said).toContain('the AWS profile "nosuch" (AWS_PROFILE) is in neither');
    expect(io.stdout.read()).toBeNull();
  });
});
