// The resolution model's path in words, for findings and check reasons: who answered which name, with which record.

import type { DnsRecordInfo } from '../facts.js';
import type { DnsHop } from './resolution.js';

export function recordText(record: DnsRecordInfo, wildcard: boolean): string {
  const target = record.aliasTarget ? `alias to ${record.aliasTarget}` : record.values.join(', ');
  return `${wildcard ? 'wildcard ' : ''}record ${record.name} ${record.type} ${target}`;
}

function hopText(hop: DnsHop): string {
  switch (hop.by) {
    case 'rule':
      return `${hop.name}: ${hop.rule.ruleType} rule ${hop.rule.id} (${hop.rule.domainName || '.'})`;
    case 'zone':
      return (
        `${hop.name}: private hosted zone ${hop.zone.name} (${hop.zone.id}), ` +
        (hop.record ? recordText(hop.record, hop.wildcard) : 'no record')
      );
    case 'endpoint-zone':
      return `${hop.name}: the private DNS of ${hop.vpceId}`;
    case 'public':
      return `${hop.name}: public DNS`;
  }
}

/** `name: private hosted zone example.com (Z1), record name A alias to vpce-… → …`: the path, as evidence. */
export function describeHops(hops: DnsHop[]): string {
  return hops.map(hopText).join(' → ');
}
