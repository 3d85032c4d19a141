/**
 * Starts Vite for a benchmark — `vite <args>` — waits until `path` answers, and stops it when
 * this process exits (the whole process group: npx would leave the real server running).
 */
import { spawn } from "node:child_process";

/** `startVite`, keeping only the server's address (it stops when this process exits). */
export async function serve(viteArgs, options) {
  return (await startVite(viteArgs, options)).url;
}

/** Starts Vite on `port`; returns its address and `stop()`, which ends it (also called at exit). */
export async function startVite(viteArgs, { port, path = "/", env = {} }) {
  const server = spawn("npx", ["vite", ...viteArgs, "--port", String(port), "--strictPort"], {
    stdio: "ignore",
    detached: true,
    env: { ...process.env, ...env },
  });
  const stop = () => {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {
      // The server's process group is gone already.
    }
  };
  process.on("exit", stop);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));
  let exited = false;
  server.on("exit", () => (exited = true));
  for (let i = 0; i < 300 && !exited; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}${path}`)).ok) return { url: `http://127.0.0.1:${port}`, stop };
    } catch {
      // Not listening yet: try again.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error(`vite ${viteArgs.join(" ")} did not start on port ${port}${exited ? " (it exited: is the port taken?)" : ""}`);
}
