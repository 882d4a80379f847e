// Words and emoji the messages use for verdicts, check statuses and check names.

import type { CheckId, CheckStatus, Severity, Verdict } from '../../diagnosis/types.js';

export const VERDICT_LABEL: Record<Verdict, { emoji: string; word: string; meaning: string }> = {
  broken: { emoji: ':red_circle:', word: 'Broken', meaning: 'calls from the VPC fail' },
  degraded: {
    emoji: ':large_orange_circle:',
    word: 'Degraded',
    meaning: 'no blocking fault found, but warnings',
  },
  healthy: { emoji: ':large_green_circle:', word: 'Healthy', meaning: 'every check passed' },
  inconclusive: {
    emoji: ':grey_question:',
    word: 'Inconclusive',
    meaning: 'a check needed for the verdict could not run',
  },
};

export const STATUS_EMOJI: Record<CheckStatus, string> = {
  pass: ':white_check_mark:',
  fail: ':x:',
  warn: ':warning:',
  skipped: ':heavy_minus_sign:',
  error: ':exclamation:',
};

export const STATUS_WORD: Record<CheckStatus, string> = {
  pass: 'passed',
  fail: 'failed',
  warn: 'warning',
  skipped: 'skipped',
  error: 'could not run',
};

export const SEVERITY_EMOJI: Record<Severity, string> = {
  error: ':x:',
  warning: ':warning:',
  info: ':information_source:',
};

export const CHECK_LABEL: Record<CheckId, string> = {
  api: 'REST API',
  stage: 'Stage',
  'resource-policy': 'Resource policy',
  'vpc-endpoint': 'VPC endpoint',
  'private-dns': 'Private DNS',
  'dns-rules': 'DNS rules and zones',
  'dns-firewall': 'DNS Firewall',
  'invoke-url': 'Invoke URL',
  'endpoint-access': 'Endpoint access (default endpoint, TLS)',
  'custom-domain': 'Custom domain name',
  'security-groups': 'Security groups',
  'network-acls': 'Network ACLs',
  'endpoint-policy': 'VPC endpoint policy',
  route: 'Path and method',
  'logging-config': 'Execution logging',
  'execution-logs': 'Execution logs',
  'probe-request-logs': "Probe's request in logs",
  deployment: 'Changes deployed',
  probe: 'In-VPC probe',
};
