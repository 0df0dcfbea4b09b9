import { InMemoryRoomLedger } from './room-ledger';
import { InMemoryRoomStore } from './room-store';
import { roomStoreBehaviour } from './room-store.suite';

roomStoreBehaviour('in memory', async (settings) => {
  const store = new InMemoryRoomStore(settings, new InMemoryRoomLedger());
  return { stores: [store, store], cleanup: () => store.close() };
});
