/**
 * A small HTTP server in front of a test server, for the browsers driven without Playwright
 * (firefox.spec.ts, webkit.spec.ts), which cannot intercept requests: it forwards the site as
 * the test server answers it, answers a test's own pages (fixtures) on the site's origin, keeps
 * what pages `POST /report`, can hide files (no `sw.js`: no service worker), can put markup
 * first in every page (webkit.spec.ts's error collector), and can be closed under a page to cut
 * its network.
 */

import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A page the proxy answers itself. */
export interface Fixture {
  body: string;
  /** Extra headers (the site's COOP/COEP, for an isolated parent). */
  headers?: Record<string, string>;
}

export interface ProxyOptions {
  /** Fixtures by their path under the upstream's (`__fixtures__/embed-parent.html`). */
  fixtures?: Record<string, Fixture>;
  /** Paths under the upstream's answered 404, as if the build had no such file. */
  missing?: readonly string[];
  /**
   * Markup put first in the `<head>` of every page the browser navigates to (the fixtures
   * too): before the page's Content-Security-Policy. Only navigations: a service worker's own
   * fetch of a page, which it checks against the build's hashes (www/src/sw/service-worker.ts),
   * gets the page as built. A rewritten page is `no-store`, so that the browser's HTTP cache
   * never answers such a fetch with it.
   */
  headStart?: string;
}

export interface Proxy {
  /** The upstream's path on this server (`http://127.0.0.1:<port>/demo/`). */
  url: string;
  /** The JSON bodies of `POST /report`, in the order they came. */
  reports: Record<string, unknown>[];
  /** Stops answering: from now on the port refuses connections, as a network that is gone. */
  close: () => Promise<void>;
}

/** The headers that make a page cross-origin isolated (vite.config.ts sends the same). */
export const ISOLATION = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" } as const;

/** Starts a proxy for `upstream` (a test server's site URL, e.g. the config's baseURL) on a free port. */
export async function proxyServer(upstream: string, { fixtures = {}, missing = [], headStart }: ProxyOptions = {}): Promise<Proxy> {
  const reports: Record<string, unknown>[] = [];
  const target = new URL(upstream);
  const at = (path: string) => `${target.pathname}${path}`;
  const withHead = (html: string) => (headStart === undefined ? html : html.replace(/<head>/i, (head) => head + headStart));
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split(/[?#]/)[0]!;
    if (request.method === "POST" && path === "/report") return keep(request, response, reports);
    const fixture = Object.entries(fixtures).find(([name]) => path === at(name))?.[1];
    if (fixture) {
      response.writeHead(200, { ...fixture.headers, "Content-Type": "text/html" });
      return void response.end(withHead(fixture.body));
    }
    if (missing.some((name) => path === at(name))) return void response.writeHead(404).end();
    const navigation = request.headers["sec-fetch-mode"] === "navigate";
    forward(request, response, target, headStart !== undefined && navigation ? withHead : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    reports,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function keep(request: IncomingMessage, response: ServerResponse, reports: Record<string, unknown>[]): void {
  let body = "";
  request.on("data", (chunk: Buffer) => (body += chunk.toString()));
  request.on("end", () => {
    try {
      reports.push(JSON.parse(body) as Record<string, unknown>);
    } catch {
      reports.push({ type: "unreadable report", body });
    }
    response.end();
  });
}

/** Passes the request on to `target`; an HTML answer through `rewrite` when given. */
function forward(request: IncomingMessage, response: ServerResponse, target: URL, rewrite?: (html: string) => string): void {
  const headers = { ...request.headers };
  // Uncompressed and in full (not "304: as you have it"), so that a page can be rewritten.
  if (rewrite) for (const name of ["accept-encoding", "if-none-match", "if-modified-since"]) delete headers[name];
  const onward = httpRequest({ host: target.hostname, port: target.port, path: request.url, method: request.method, headers }, (answer) => {
    if (!rewrite || !String(answer.headers["content-type"]).startsWith("text/html") || answer.statusCode !== 200) {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      return void answer.pipe(response);
    }
    let html = "";
    answer.setEncoding("utf8");
    answer.on("data", (chunk: string) => (html += chunk));
    answer.on("end", () => {
      const body = Buffer.from(rewrite(html));
      // The rewritten page's own length, in one piece, kept by no cache and never revalidated.
      const dropped = ["content-length", "transfer-encoding", "etag", "last-modified", "cache-control"];
      const kept = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !dropped.includes(name)));
      response.writeHead(200, { ...kept, "Content-Length": body.length, "Cache-Control": "no-store" });
      response.end(body);
    });
  });
  onward.on("error", () => response.writeHead(502).end());
  request.pipe(onward);
}
