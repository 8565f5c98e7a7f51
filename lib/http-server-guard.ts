// Requests Next cannot handle, fixed in the Node server before Next sees them. Node only;
// started from instrumentation.ts.
// - TRACE: Next turns every request into a fetch Request and the Fetch standard forbids TRACE
//   (`new Request(url, { method: "TRACE" })` throws), so Next answers 500 before the middleware
//   runs. Answered here: the API's JSON 405 (404 for a path that names no endpoint) under
//   /api/v1, a plain 405 elsewhere. (CONNECT and TRACK never get this far: Node handles them.)
// - An absolute-form target (`GET http://host/api/v1/slots HTTP/1.1`, which HTTP/1.1 servers
//   must accept): Next sees "//" in it and redirects to the same URL, forever. Rewritten to
//   the origin form (`/api/v1/slots`), as a proxy would have sent it.
// - `Connection: Upgrade` to /api/v1: Next takes the socket for WebSockets it does not serve
//   there and never answers, so the connection hangs. The API has no WebSockets: 400.
// - A server action (a POST with Next-Action, or a form's multipart POST made before the page's
//   scripts ran) whose Origin is another site, "null" or not a URL at all: Next refuses it too,
//   but answers 500 and logs an error for each (a TypeError for an Origin it cannot parse), so
//   anyone could fill the log. Refused here with 403 by Next's own rule: the Origin's host must
//   be X-Forwarded-Host's first value, or Host where there is none (next.config.mjs allows no
//   other origins).
// - The socket's address and whether it is TLS, which Next does not pass on (its own
//   X-Forwarded-For is only set when the client sent none): recorded in headers of ours,
//   overwriting any a client sent (lib/client-address.ts).
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

import { methodRefusal } from "@/lib/api/methods";
import { ARRIVED_AT_HEADER, PEER_HEADER, PEER_PROTOCOL_HEADER, requestedHost } from "@/lib/client-address";

const HEADERS = { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", Connection: "close" };

/** The path as Next routes it: dot segments (%2e too) resolved, backslashes and repeated slashes as one slash. */
function routedPath(target: string): string {
  try {
    return new URL(`http://n${target}`).pathname.replace(/\/+/g, "/");
  } catch {
    return target;
  }
}

/** Whether the target is routed under /api/v1. */
function apiPathOf(target: string | undefined): string | null {
  const pathname = routedPath(target ?? "/");
  return pathname === "/api/v1" || pathname.startsWith("/api/v1/") ? pathname : null;
}

function answerTrace(request: IncomingMessage, response: ServerResponse) {
  const pathname = apiPathOf(request.url);
  if (pathname) {
    const error = methodRefusal(pathname);
    response.writeHead(error.status, { ...HEADERS, ...error.headers, "Content-Type": "application/json" });
    response.end(JSON.stringify({ error: error.code, message: error.message }));
  } else {
    response.writeHead(405, { ...HEADERS, Allow: "GET, HEAD, POST", "Content-Type": "text/plain; charset=utf-8" });
    response.end("Method Not Allowed");
  }
  request.resume();
}

/**
 * The app serves no WebSocket (only `next dev`'s hot reload under /_next/ does). Next leaves an
 * upgrade to a path it does not serve unanswered and open, past every request timeout: refused here.
 */
function refuseUpgrade(socket: Duplex, api: boolean) {
  const body = api
    ? JSON.stringify({ error: "invalid_request", message: "The partner API does not upgrade connections: send the request without Upgrade." })
    : "This server does not upgrade connections.";
  const type = api ? "application/json" : "text/plain; charset=utf-8";
  const head = Object.entries({ ...HEADERS, "Content-Type": type, "Content-Length": Buffer.byteLength(body) }).map(([name, value]) => `${name}: ${value}`);
  // Read and drop what the client still sends, so closing does not reset the connection
  // before it has read the answer.
  socket.on("error", () => {});
  socket.resume();
  socket.end(`HTTP/1.1 400 Bad Request\r\n${head.join("\r\n")}\r\n\r\n${body}`);
}

/** Whether a request is a server action from another origin, which Next would refuse (see above). */
export function isCrossSiteAction({ method, url, headers }: IncomingMessage): boolean {
  if (method !== "POST" || routedPath(url ?? "/").startsWith("/api/")) return false;
  if (headers["next-action"] === undefined && !/^multipart\/form-data/i.test(headers["content-type"] ?? "")) return false;
  // As Next: a request without an Origin is a hand-made one, not a browser sending someone's cookies.
  if (headers.origin === undefined) return false;
  let originHost: string;
  try {
    originHost = new URL(headers.origin).host;
  } catch {
    return true;
  }
  const host = requestedHost([headers["x-forwarded-host"]].flat()[0], headers.host);
  // An Origin with no host (not a browser's) passes, as Next lets it.
  return !!originHost && originHost !== host;
}

function refuseCrossSiteAction(request: IncomingMessage, response: ServerResponse) {
  response.writeHead(403, { ...HEADERS, "Content-Type": "text/plain; charset=utf-8" });
  response.end("Forbidden: this request came from another site.");
  request.resume();
}

/** http://host:port/path?query → /path?query; anything else unchanged. */
export function originForm(target: string): string {
  const rest = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "");
  if (rest === target) return target;
  return rest.startsWith("/") ? rest : `/${rest}`;
}

let installed = false;

export function guardHttpServer() {
  if (installed) return;
  installed = true;
  const emit = http.Server.prototype.emit;
  // Wrapping emit("request") is the one hook that runs before Next's request handler under
  // `next start`, which creates and owns the server.
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "upgrade") {
      const [request, socket] = args as [IncomingMessage, Duplex];
      if (request.url && !request.url.startsWith("/")) request.url = originForm(request.url);
      const hotReload = process.env.NODE_ENV === "development" && routedPath(request.url ?? "/").startsWith("/_next/");
      if (!hotReload) {
        refuseUpgrade(socket, apiPathOf(request.url) !== null);
        return true;
      }
    }
    if (event === "request") {
      const [request, response] = args as [IncomingMessage, ServerResponse];
      request.headers[PEER_HEADER] = request.socket.remoteAddress ?? "unknown";
      request.headers[ARRIVED_AT_HEADER] = String(Date.now());
      request.headers[PEER_PROTOCOL_HEADER] = "encrypted" in request.socket && request.socket.encrypted ? "https" : "http";
      if (request.url && !request.url.startsWith("/")) request.url = originForm(request.url);
      if (request.method === "TRACE") {
        answerTrace(request, response);
        return true;
      }
      if (isCrossSiteAction(request)) {
        refuseCrossSiteAction(request, response);
        return true;
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}
