/**
 * What the page and the service worker (./service-worker.ts) say to each other about what is
 * kept for offline use. The page posts a request with a MessagePort; the worker answers on it.
 * (Types only: `sw.js` is one classic script and imports nothing at run time.)
 */

export type KeepRequest =
  /**
   * Keep the files the page loaded before the worker answered it: the page (`page`, its
   * address) and what it and its workers fetched (`urls`). Anything not of the build is ignored.
   */
  | { type: "keep"; page: string; urls: string[] }
  /** Keep every file of the build, now and in later versions ("Save everything for offline"). */
  | { type: "keep-all" };

export type KeepReply =
  /** `keep-all` under way: `files` of `totalFiles` still missing are in (`bytes` of `totalBytes`). */
  | { type: "progress"; files: number; bytes: number; totalFiles: number; totalBytes: number }
  /** Done: what this version's cache holds, of the whole build; `everything`: later versions keep all too. */
  | { type: "kept"; files: number; bytes: number; totalFiles: number; totalBytes: number; everything: boolean }
  | { type: "failed"; message: string };
