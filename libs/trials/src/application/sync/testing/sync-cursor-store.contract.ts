import { SyncCursorStore } from '../sync-cursor-store.port';

/**
 * What every SyncCursorStore adapter must do. `open` answers a store on the same storage each time it is called,
 * as another process would see it; the suite closes what it opens.
 */
export const syncCursorStoreContract = (name: string, open: () => Promise<SyncCursorStore>): void => {
  describe(`${name} (SyncCursorStore contract)`, () => {
    const opened: SyncCursorStore[] = [];
    const store = async () => {
      const s = await open();
      opened.push(s);
      return s;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it('has no cursor for a registry never synced', async () => {
      expect(await (await store()).load('https://registry.example/never')).toBeNull();
    });

    it('keeps the day saved, for another store on the same storage too, and the last one saved, earlier or not', async () => {
      const registry = `https://registry.example/${Math.random()}`;
      const a = await store();
      await a.save(registry, '2024-03-05');
      expect(await (await store()).load(registry)).toBe('2024-03-05');
      await a.save(registry, '2024-03-09');
      await a.save(registry, '2024-02-29');
      expect([await a.load(registry), await (await store()).load(registry)]).toEqual(['2024-02-29', '2024-02-29']);
    });

    it('keys cursors by registry', async () => {
      const [one, two] = [`https://one.example/${Math.random()}`, `https://two.example/${Math.random()}`];
      const s = await store();
      await s.save(one, '2023-12-31');
      await s.save(two, '2024-01-01');
      expect([await s.load(one), await s.load(two)]).toEqual(['2023-12-31', '2024-01-01']);
    });
  });
};
