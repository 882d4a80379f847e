// The layers of src/, read from the import statements: the diagnosis core knows no adapter (Slack, the CLI, MCP,
// AWS) and not the fixes; each layer imports only the layers below it, so the layers form no cycle.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

/**
 * What each layer (a directory of src/, or a top-level module) may import from src/. `cli` and `mcp` are one
 * front end: the CLI starts the MCP server (`mcp` subcommand) and the server reports the CLI's version.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  probe: [],
  log: [],
  listen: [],
  diagnosis: ['probe'],
  command: ['diagnosis'],
  state: ['diagnosis'],
  remediation: ['diagnosis', 'state', 'log'],
  config: ['diagnosis'],
  aws: ['diagnosis', 'probe', 'remediation', 'state', 'config'],
  // The engine composes the report: it adds each fix button's AWS CLI commands (remediation/fix-commands.ts).
  engine: ['diagnosis', 'aws', 'remediation', 'config'],
  slack: ['command', 'diagnosis', 'remediation', 'state', 'log', 'listen'],
  cli: ['mcp', 'command', 'diagnosis', 'aws', 'probe', 'config', 'engine', 'log'],
  mcp: ['cli', 'command', 'diagnosis', 'aws', 'remediation', 'state', 'config', 'engine', 'log', 'listen'],
  main: ['diagnosis', 'aws', 'remediation', 'slack', 'mcp', 'state', 'config', 'engine', 'log'],
};

/** Packages only adapters may use: the core stays free of the AWS SDK, Slack and the MCP SDK. */
const ADAPTER_PACKAGES = /^(@aws-sdk\/|@slack\/|@modelcontextprotocol\/)/;

interface Import {
  file: string;
  specifier: string;
}

const IMPORT_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

function importsOf(file: string, source: string): Import[] {
  return [...source.matchAll(IMPORT_SPECIFIER)].map((match) => ({ file, specifier: match[1] as string }));
}

/** `diagnosis` for src/diagnosis/checks/api.ts, `config` for src/config.ts. */
function layerOf(pathInSrc: string): string {
  const [first = ''] = pathInSrc.split('/');
  return first.replace(/\.(ts|js)$/, '');
}

function violations(imports: readonly Import[]): string[] {
  const found: string[] = [];
  for (const { file, specifier } of imports) {
    const from = layerOf(file);
    const allowed = MAY_IMPORT[from];
    if (!allowed) {
      found.push(`${file}: layer "${from}" is not in MAY_IMPORT`);
      continue;
    }
    if (specifier.startsWith('.')) {
      const to = layerOf(normalize(join(dirname(file), specifier)));
      if (to !== from && !allowed.includes(to)) found.push(`${file} imports ${specifier} (${from} → ${to})`);
    } else if (ADAPTER_PACKAGES.test(specifier) && !['aws', 'slack', 'mcp', 'main'].includes(from)) {
      found.push(`${file} imports the package ${specifier} (only adapters may)`);
    }
  }
  return found;
}

/** A cycle in the layer table, as a path of layers, or null. */
function layerCycle(table: Record<string, readonly string[]>): string[] | null {
  const done = new Set<string>();
  const visit = (layer: string, path: string[]): string[] | null => {
    if (path.includes(layer)) return [...path.slice(path.indexOf(layer)), layer];
    if (done.has(layer)) return null;
    for (const next of table[layer] ?? []) {
      const cycle = visit(next, [...path, layer]);
      if (cycle) return cycle;
    }
    done.add(layer);
    return null;
  };
  for (const layer of Object.keys(table)) {
    const cycle = visit(layer, []);
    if (cycle) return cycle;
  }
  return null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('layers', () => {
  const imports = sourceFiles(SRC).flatMap((path) =>
    importsOf(relative(SRC, path).split('\\').join('/'), readFileSync(path, 'utf8')),
  );

  it('reads the imports of every source file', () => {
    expect(imports.some((i) => i.file === 'diagnosis/types.ts' && i.specifier === './catalogue.js')).toBe(
      true,
    );
    expect(imports.some((i) => i.file === 'cli/run.ts' && i.specifier === '../mcp/stdio.js')).toBe(true);
  });

  it('imports across layers only downwards', () => {
    expect(violations(imports)).toEqual([]);
  });

  it('has no cycle between layers once cli and mcp count as one front end', () => {
    const frontEnd = (layer: string) => (layer === 'mcp' ? 'cli' : layer);
    const merged: Record<string, string[]> = {};
    for (const [layer, below] of Object.entries(MAY_IMPORT)) {
      const from = frontEnd(layer);
      merged[from] = [...(merged[from] ?? []), ...below.map(frontEnd).filter((to) => to !== from)];
    }
    expect(layerCycle(merged)).toBeNull();
    expect(layerCycle({ ...merged, diagnosis: ['probe', 'slack'] })).toEqual(
      expect.arrayContaining(['diagnosis', 'slack']),
    );
  });

  it.each([
    ['diagnosis/types.ts', "import type { FixId } from '../remediation/registry.js';"],
    ['diagnosis/checks/api.ts', "import { post } from '../../slack/poster.js';"],
    ['diagnosis/report.ts', "const cli = await import('../cli/run.js');"],
    ['diagnosis/gather.ts', "import { x } from '../mcp/tools.js';"],
    ['diagnosis/facts.ts', "import { EC2Client } from '@aws-sdk/client-ec2';"],
    ['state/codec.ts', "import { App } from '@slack/bolt';"],
    ['remediation/fix.ts', "import { run } from '../slack/app.js';"],
  ])('catches %s importing upwards: %s', (file, line) => {
    expect(violations(importsOf(file, line))).toHaveLength(1);
  });

  it('lets a layer import itself, the layers below it and the packages it needs', () => {
    const allowed = [
      ['diagnosis/checks/probe.ts', "import type { ProbeOutput } from '../../probe/schema.js';"],
      ['diagnosis/report.ts', "import { CATALOGUE } from './catalogue.js';"],
      ['remediation/registry.ts', "import type { RemediationId } from '../diagnosis/types.js';"],
      ['aws/ec2-reader.ts', "import { EC2Client } from '@aws-sdk/client-ec2';"],
    ] as const;
    for (const [file, line] of allowed) expect(violations(importsOf(file, line))).toEqual([]);
  });
});
