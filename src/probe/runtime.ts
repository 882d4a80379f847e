// Where the probe runs on Lambda, in a module of its own: usage texts quote it without loading the bundler.

/** The Lambda handler setting for the bundle: file index.js, export `handler`. */
export const PROBE_HANDLER = 'index.handler';
/**
 * Lambda's longest-supported Node.js runtime: nodejs24.x is deprecated on 2028-04-30 (create blocked 2028-06-01,
 * update 2028-07-01), a year after nodejs22.x (2027-04-30). The bundle targets the same Node version.
 */
export const PROBE_RUNTIME = 'nodejs24.x';
export const PROBE_NODE_TARGET = 'node24';
