// Loaded with `node --import` into a child process: on exit it prints, on stderr, the CommonJS files the process
// loaded from node_modules (the AWS SDK and Bolt load as CommonJS), so a test can see what a command loaded.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

process.on('exit', () => {
  const loaded = Object.keys(require.cache).filter((file) => file.includes('/node_modules/'));
  process.stderr.write(`LOADED_PACKAGES ${JSON.stringify(loaded)}\n`);
});
