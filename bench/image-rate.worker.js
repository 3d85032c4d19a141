// The benchmark in a worker, where the page trains (and where threads may block).
import { bench } from "./image-rate-core.js";

self.onmessage = async ({ data }) => {
  try {
    // Soak records go to the page as they are taken (bench/suite/project.mjs reads them).
    const onSoakSample = (sample) => self.postMessage({ soakSample: sample });
    self.postMessage({ ok: true, result: await bench({ ...data, onSoakSample }) });
  } catch (error) {
    self.postMessage({ ok: false, error: String(error?.stack ?? error) });
  }
};
