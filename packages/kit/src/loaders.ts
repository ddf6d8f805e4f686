import DataLoader from 'dataloader';
import { throwIfAborted } from './limits/abort.ts';

/**
 * Per-request DataLoaders, created on first use by name. `__resolveReference` for 50
 * representations calls `load` 50 times in one tick: the batch function runs once.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      // An aborted request loads nothing more (its SQL would be refused anyway).
      loader = new DataLoader<K, V>(
        async (keys) => {
          throwIfAborted();
          return batch(keys);
        },
        { maxBatchSize: 500 },
      );
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /**
   * Loads rows by id: `fetch` gets the distinct ids of one batch and returns rows in any order;
   * each key resolves to its row or null.
   */
  byId<Row extends { id: string }>(name: string, fetch: (ids: string[]) => Promise<Row[]>): DataLoader<string, Row | null> {
    return this.get<string, Row | null>(name, async (ids) => {
      const rows = await fetch([...new Set(ids)]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** Loads the rows that belong to each key (e.g. SKUs of SPUs), grouped by `keyOf`. */
  groupedBy<Row>(name: string, keyOf: (row: Row) => string, fetch: (keys: string[]) => Promise<Row[]>): DataLoader<string, Row[]> {
    return this.get<string, Row[]>(name, async (keys) => {
      const rows = await fetch([...new Set(keys)]);
      const groups = new Map<string, Row[]>();
      for (const row of rows) {
        const key = keyOf(row);
        let group = groups.get(key);
        if (!group) groups.set(key, (group = []));
        group.push(row);
      }
      return keys.map((k) => groups.get(k) ?? []);
    });
  }
}
