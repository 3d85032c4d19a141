/** The page's typed handle on the training worker. Only the worker imports the wasm package. */

import type { WorkerCommand, WorkerEvent } from "../protocol";

export class TrainerClient {
  private readonly worker: Worker;

  constructor(onEvent: (event: WorkerEvent) => void) {
    this.worker = new Worker(new URL("./trainer.worker.ts", import.meta.url), { type: "module", name: "trainer" });
    this.worker.onmessage = (event: MessageEvent<WorkerEvent>) => onEvent(event.data);
    // Fires when the worker script itself fails (failed load, uncaught exception at top level).
    this.worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      onEvent({ type: "error", message: `the training worker failed: ${event.message || "could not load"}`, fatal: true });
    };
  }

  send(command: WorkerCommand): void {
    this.worker.postMessage(command);
  }

  terminate(): void {
    this.worker.terminate();
  }
}
