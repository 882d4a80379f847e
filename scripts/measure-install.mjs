// What an install costs: packs this package (npm pack, which rebuilds dist/), installs the tarball into a
// temporary prefix twice — as the bot's install (every dependency) and as a command-line install
// (--omit=optional: no Bolt, Express or DynamoDB client) — and prints the packages installed and their size on
// disk. Dependencies come from the npm cache when it has them (--prefer-offline), else from the registry.
// Not --global: npm install -g ignores --omit for a tarball's optional dependencies (npm/cli#8284).
//
//   node scripts/measure-install.mjs

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'measure-install-'));

/** Bytes of the files under `path` (not following symlinks). */
function sizeOf(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat || stat.isSymbolicLink()) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, entry) => total + sizeOf(join(path, entry)), 0);
}

/** The package directories under a node_modules tree (each directory holding a package.json). */
function countPackages(modules) {
  let count = 0;
  for (const entry of readdirSync(modules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === '.bin') continue;
    const path = join(modules, entry.name);
    if (entry.name.startsWith('@')) {
      count += countPackages(path);
      continue;
    }
    count += 1;
    const nested = join(path, 'node_modules');
    if (statSync(nested, { throwIfNoEntry: false })?.isDirectory()) count += countPackages(nested);
  }
  return count;
}

function install(tarball, name, extra) {
  const prefix = join(dir, name);
  execFileSync(
    'npm',
    ['install', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', ...extra, tarball],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const modules = join(prefix, 'node_modules');
  return { packages: countPackages(modules), mb: sizeOf(modules) / 1e6 };
}

try {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
  const tarball = join(dir, packed.filename);
  console.log(`${packed.filename}: ${(packed.size / 1e3).toFixed(0)} kB packed, ${packed.entryCount} files`);
  for (const [name, extra] of [
    ['bot (npm install)', []],
    ['command line (npm install --omit=optional)', ['--omit=optional']],
  ]) {
    const { packages, mb } = install(tarball, name.split(' ')[0], extra);
    console.log(
      `${name.padEnd(48)} ${String(packages).padStart(4)} packages ${mb.toFixed(0).padStart(5)} MB`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
