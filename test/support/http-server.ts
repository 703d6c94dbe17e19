import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local HTTP server that answers like the feeds a fleet depends on: `/ok` 200, `/forbidden` 403
 * (a source that decided to refuse us), `/error` 500, `/slow/…?ms=N` 200 after N ms (default 2 s),
 * `/html/…` an HTML page, and anything else 404. `requests` counts every request by path.
 */
export interface TestHttpServer {
  url: string;
  requests: string[];
  close: () => Promise<void>;
}

export async function startHttpServer(): Promise<TestHttpServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(url.pathname);
    const send = (status: number, body: string, type = "text/plain") => {
      res.writeHead(status, { "content-type": type });
      res.end(body);
    };
    // `/slow/…` and `/html/…` match any path below them, so they can stand in for an API base URL.
    const route = url.pathname.startsWith("/slow") ? "/slow" : url.pathname.startsWith("/html") ? "/html" : url.pathname;
    switch (route) {
      case "/ok":
        return send(200, "ok");
      case "/forbidden":
        return send(403, "Forbidden: this source blocks automated clients");
      case "/error":
        return send(500, "internal error");
      case "/slow": {
        const timer = setTimeout(() => send(200, "late"), Number(url.searchParams.get("ms") ?? 2000));
        res.on("close", () => clearTimeout(timer));
        return;
      }
      case "/html":
        return send(200, "<html><body>not an API</body></html>", "text/html");
      default:
        return send(404, "not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
