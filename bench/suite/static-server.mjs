/**
 * A static server for the bench page (bench/image-rate.html) and the wasm builds, with the
 * cross-origin-isolation headers the threaded build needs. No Vite: its dev server reloads the
 * page when any file of the repository changes, which would end a measurement half-way.
 */
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MIME = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".bin": "application/octet-stream",
};

/** `/data/…` from public/ (as Vite serves it); anything else from the repository root. */
function fileFor(urlPath) {
  const path = normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, "");
  let file = path.startsWith("/data/") ? join(ROOT, "public", path) : join(ROOT, path);
  // `import("../../..")` in wasm-bindgen-rayon's worker helper names the package's folder.
  if (existsSync(file) && statSync(file).isDirectory()) {
    const manifest = join(file, "package.json");
    if (!existsSync(manifest)) return null;
    const { module, main } = JSON.parse(readFileSync(manifest, "utf8"));
    file = join(file, module ?? main);
  }
  return file.startsWith(ROOT) && existsSync(file) ? file : null;
}

/** Serves the repository on 127.0.0.1:`port`; resolves to its address and `stop()`. */
export function serveStatic(port) {
  const server = createServer((request, response) => {
    const file = fileFor(new URL(request.url, "http://x").pathname);
    if (!file) {
      response.writeHead(404).end("not found");
      return;
    }
    response.writeHead(200, {
      "Content-Type": MIME[extname(file)] ?? "application/octet-stream",
      "Cache-Control": "no-store",
      "Cross-Origin-Opener-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp",
    });
    response.end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${port}`, stop: () => server.close() }));
  });
}
