import { MemoryStateStore } from '../../src/state/memory-store.js';
import { describeStateStoreContract } from './store-contract.js';

describeStateStoreContract('MemoryStateStore', async (now) => new MemoryStateStore({ now }));
