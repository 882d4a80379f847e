// The moto_server launcher the integration tests use. The implementation is plain ESM in scripts/ so that
// `npm run demo` shares it without a build; this module is the typed entry point for tests.
// A missing moto_server rejects with a message saying how to install it: the suite fails, never skips.

export { MOTO_MISSING_MESSAGE, type MotoServer, startMoto } from '../../scripts/moto-server.mjs';
