// The benchmark in a worker, where the page trains (and where threads may block).
import { bench } from "./image-rate-core.js";

self.onmessage = async ({ data }) => {
  try {
    self.postMessage({ ok: true, result: await bench(data) });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error?.stack ?? error) });
  }
};
