// Message-level malformations: one per request, applied to a well-formed one. Most are refused
// by Node's HTTP parser before Next runs (and counted apart by check.ts); the rest must reach
// the app and be answered like any other bad request.
import type { FuzzRequest } from "./request";
import type { Rng } from "./rng";
import { INVALID_UTF8, randomChars } from "./strings";

const without = (request: FuzzRequest, ...names: string[]) => request.headers.filter(([header]) => !names.includes(header));

function withLength(request: FuzzRequest, ...values: string[]): Array<[string, string]> {
  const headers = without(request, "content-length", "transfer-encoding");
  const close = headers.pop()!;
  return [...headers, ...values.map((value): [string, string] => ["content-length", value]), close];
}

export function malform(rng: Rng, request: FuzzRequest): FuzzRequest {
  const kind = rng.pick([
    "method",
    "version",
    "raw-bytes-path",
    "no-host",
    "bare-lf",
    "nul",
    "no-colon",
    "bad-name",
    "obs-fold",
    "oversized",
    "too-many",
    "smuggle",
    "bad-chunk",
    "length-and-chunked",
    "short-length",
    "long-length",
    "odd-length",
    "two-lengths",
    "no-length",
    "connect",
  ]);
  // Node's parser may refuse the message and close at once: its 400 is lost to the reset when
  // our body was still being written (EPIPE). A close is a parser-level answer here.
  const next: FuzzRequest = { ...request, mayClose: true, notes: [...request.notes, `malformed:${kind}`] };
  const body = request.body.length ? request.body : Buffer.from('{"body":"x"}');
  const close = request.headers[request.headers.length - 1];
  const insert = (...extra: Array<[string, string]>) => [...request.headers.slice(0, -1), ...extra, close];
  switch (kind) {
    case "method":
      return { ...next, method: rng.pick(["get", "post", "Delete", "TRACK", "FOO", "G3T", "GET\x00", "\xff\xfe", "GET "]) };
    case "version":
      return { ...next, version: rng.pick(["HTTP/1.0", "HTTP/2.0", "HTTP/1.2", "HTTP/9.9", "HTTP/1.1x", "http/1.1", ""]) };
    case "raw-bytes-path":
      return { ...next, target: `${request.target.split("?")[0]}/${rng.pick(INVALID_UTF8)}?q=${rng.pick(INVALID_UTF8)}` };
    case "no-host":
      return { ...next, headers: without(request, "host") };
    case "bare-lf":
      return { ...next, headers: insert(["x-note", rng.pick(["a\nx-fuzz-injected: 1", "a\rb"])]) };
    case "nul":
      return { ...next, headers: insert(["x-note", "a\x00b"]) };
    case "no-colon":
      return { ...next, headers: insert(["", "this line has no colon"]) };
    case "bad-name":
      return { ...next, headers: insert([rng.pick(["x bad", "x\xffname", "(x)", "x@y", "x:y"]), "value"]) };
    case "obs-fold":
      return { ...next, headers: insert(["x-note", "first\r\n  folded"]) };
    case "oversized":
      return { ...next, headers: insert(["x-large", "a".repeat(rng.pick([17_000, 70_000]))]) };
    case "too-many":
      return { ...next, headers: insert(...Array.from({ length: 1000 }, (_, i): [string, string] => [`x-h${i}`, randomChars(rng, 30)])) };
    case "smuggle":
      // CRLF CRLF inside a value ends the head early: what follows is body or a second request.
      return { ...next, headers: insert(["x-note", "a\r\n\r\nGET /api/v1/practice-groups HTTP/1.1\r\nhost: x"]) };
    case "bad-chunk":
      return {
        ...next,
        headers: insert(["transfer-encoding", "chunked"]).filter(([name]) => name !== "content-length"),
        body: Buffer.concat([Buffer.from(`${rng.pick(["zz", "-1", "fffffffffffffffff", `1;${"x".repeat(20_000)}`])}\r\n`), body, Buffer.from("\r\n0\r\n\r\n")]),
      };
    case "length-and-chunked":
      return { ...next, headers: [...withLength(request, String(body.length)).slice(0, -1), ["transfer-encoding", "chunked"], close], body };
    case "short-length":
      return { ...next, headers: withLength(request, String(Math.max(0, body.length - rng.int(1, 10)))), body };
    case "long-length":
      // The server waits for bytes that never come: we close our side so it sees the end.
      return { ...next, headers: withLength(request, String(body.length + rng.int(1, 100_000))), body, halfClose: true };
    case "odd-length":
      return { ...next, headers: withLength(request, rng.pick(["-1", "abc", "1e3", "99999999999999999999", "0x10"])), body };
    case "two-lengths":
      return { ...next, headers: withLength(request, String(body.length), String(body.length + 1)), body };
    case "no-length":
      return { ...next, headers: withLength(request), body };
    default:
      // Node hands CONNECT to a 'connect' listener; with none it closes the connection.
      return { ...next, method: "CONNECT" };
  }
}
