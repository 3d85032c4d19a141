/**
 * Checkpoints in this browser (IndexedDB), filed under a run's canonical hash (`runHash`): a
 * demo in a slide deck that reveal.js unloads and reloads continues where it was. A few recent
 * runs are kept; older ones are dropped, so the store stays small (a digit GAN's checkpoint
 * is ≈ 25 MB with its optimiser state).
 */

import type { SavedHistory } from "./history";

/** One saved run. */
export interface SavedRun {
  /** The run's canonical hash (state/url.ts `runHash`). */
  key: string;
  /** The iteration the checkpoint was taken at. */
  step: number;
  /** The trainer's bytes (crate/src/checkpoint.rs). */
  bytes: Uint8Array;
  /** The page's loss history up to `step`, so the charts continue too. */
  history: SavedHistory;
  /** `Date.now()` when saved. */
  savedAt: number;
}

const DB_NAME = "gan-playground";
const STORE = "checkpoints";
/** Runs kept; the least recently saved go first. */
export const KEPT_RUNS = 6;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
  });
}

function isSavedRun(value: unknown): value is SavedRun {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<SavedRun>;
  return typeof v.key === "string" && typeof v.step === "number" && v.bytes instanceof Uint8Array && Array.isArray(v.history);
}

export class CheckpointStore {
  private constructor(private readonly db: IDBDatabase) {}

  /** The store, or `null` where this browser keeps no IndexedDB (some private modes): resuming is then off. */
  static async open(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<CheckpointStore | null> {
    if (!factory) return null;
    const open = factory.open(DB_NAME, 1);
    open.onupgradeneeded = () => {
      const store = open.result.createObjectStore(STORE, { keyPath: "key" });
      store.createIndex("savedAt", "savedAt");
    };
    // Another tab holding an older version open: `blocked`, and no success until it closes.
    const blocked = new Promise<never>((_, reject) => {
      open.onblocked = () => reject(new Error("another tab of this page holds the saved states open"));
    });
    const db = await Promise.race([request(open), blocked]);
    // A newer version opened elsewhere: let it go ahead (this page then saves nothing more).
    db.onversionchange = () => db.close();
    return new CheckpointStore(db);
  }

  /** The saved run filed under `key`, if any; rejects if what is filed there is damaged. */
  async get(key: string): Promise<SavedRun | undefined> {
    const found: unknown = await request(this.db.transaction(STORE).objectStore(STORE).get(key));
    if (found === undefined) return undefined;
    if (!isSavedRun(found)) throw new Error("it is damaged");
    return found;
  }

  /** Saves `run` (replacing an older one of the same key) and drops all but the newest {@link KEPT_RUNS}. */
  async put(run: SavedRun): Promise<void> {
    const tx = this.db.transaction(STORE, "readwrite");
    const store = tx.objectStore(STORE);
    store.put(run);
    const keys = await request(store.index("savedAt").getAllKeys());
    // Oldest first; the one just put is the newest.
    for (const old of keys.slice(0, Math.max(0, keys.length - KEPT_RUNS))) store.delete(old);
    await done(tx);
  }

  /** Forgets the run filed under `key` (Reset). */
  async delete(key: string): Promise<void> {
    const tx = this.db.transaction(STORE, "readwrite");
    tx.objectStore(STORE).delete(key);
    await done(tx);
  }

  /** Every key kept, for tests and diagnostics. */
  async keys(): Promise<string[]> {
    return (await request(this.db.transaction(STORE).objectStore(STORE).getAllKeys())).map(String);
  }
}
