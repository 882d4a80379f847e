// Part of `npm run build`: makes every `bin` of package.json executable. tsc writes files without the execute
// bit, so after any build (npm pack's prepack included) the command would otherwise fail with "Permission
// denied" when run directly (npx, a symlink, the path itself).

import { chmodSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const { bin } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
for (const path of Object.values(typeof bin === 'string' ? { bin } : (bin ?? {}))) {
  chmodSync(fileURLToPath(new URL(path, root)), 0o755);
}
