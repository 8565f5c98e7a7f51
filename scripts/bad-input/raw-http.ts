// One HTTP/1.1 exchange over a raw TCP socket. fetch and undici refuse to send what this run
// is about (invalid UTF-8 in the request line and headers, repeated and oversized headers,
// Content-Length that does not match the body), so requests are written as bytes and the
// answer is parsed by hand: status line, headers, then a body framed by Content-Length,
// chunked encoding or the end of the connection.
import { connect } from "node:net";

export type RawResponse = { status: number; headers: Array<[string, string]>; body: Buffer };

export type RawOutcome =
  | { kind: "response"; response: RawResponse }
  /** The server closed (or reset) the connection before a complete response. */
  | { kind: "closed"; detail: string }
  | { kind: "timeout" };

export type RawExchange = { host: string; port: number; payload: Buffer; head: boolean; halfClose: boolean; timeoutMs: number };

const HEADER_END = Buffer.from("\r\n\r\n");
const WRITE_SLICE = 64 * 1024;

type Parsed = { response: RawResponse; complete: boolean };

function parseChunked(data: Buffer): { body: Buffer; complete: boolean } {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf("\r\n", at);
    if (lineEnd < 0) return { body: Buffer.concat(parts), complete: false };
    const size = parseInt(data.subarray(at, lineEnd).toString("latin1").split(";")[0], 16);
    if (Number.isNaN(size)) return { body: Buffer.concat(parts), complete: true };
    if (size === 0) return { body: Buffer.concat(parts), complete: data.indexOf(HEADER_END, lineEnd) >= 0 };
    if (data.length < lineEnd + 2 + size + 2) return { body: Buffer.concat(parts), complete: false };
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** The first final (non-1xx) response in `data`, or null while its head is incomplete. */
export function parseResponse(data: Buffer, head: boolean, closed: boolean): Parsed | null {
  let start = 0;
  for (;;) {
    const end = data.indexOf(HEADER_END, start);
    if (end < 0) return null;
    const lines = data.subarray(start, end).toString("latin1").split("\r\n");
    const status = Number(lines[0].split(" ")[1]);
    const headers = lines.slice(1).map((line): [string, string] => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
    });
    const rest = data.subarray(end + 4);
    // 100 Continue (Expect: 100-continue) comes before the real answer.
    if (status >= 100 && status < 200) {
      start = end + 4;
      continue;
    }
    const header = (name: string) => headers.find(([key]) => key === name)?.[1];
    if (head || status === 204 || status === 304) return { response: { status, headers, body: Buffer.alloc(0) }, complete: true };
    if (header("transfer-encoding")?.toLowerCase().includes("chunked")) {
      const { body, complete } = parseChunked(rest);
      return { response: { status, headers, body }, complete: complete || closed };
    }
    const length = header("content-length");
    if (length !== undefined) {
      const size = Number(length);
      return { response: { status, headers, body: rest.subarray(0, size) }, complete: rest.length >= size || closed };
    }
    return { response: { status, headers, body: rest }, complete: closed };
  }
}

export function exchange({ host, port, payload, head, halfClose, timeoutMs }: RawExchange): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = connect({ host, port });
    const finish = (outcome: RawOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const settleFromData = (closed: boolean, detail: string) => {
      const parsed = parseResponse(Buffer.concat(chunks), head, closed);
      if (parsed?.complete) finish({ kind: "response", response: parsed.response });
      else if (closed) finish({ kind: "closed", detail });
    };
    const timer = setTimeout(() => finish({ kind: "timeout" }), timeoutMs);

    // Written in slices, and no more once an answer has begun, as HTTP clients do: a server that
    // refuses a large body answers early and closes, and the reset from bytes it never reads
    // would otherwise throw away the answer it sent.
    let written = 0;
    const writeMore = () => {
      while (!settled && chunks.length === 0 && written < payload.length) {
        const slice = payload.subarray(written, written + WRITE_SLICE);
        written += slice.length;
        if (!socket.write(slice)) return;
      }
      // A declared body longer than the one sent: closing our side lets the server see the end.
      if (!settled && written >= payload.length && halfClose) socket.end();
    };
    socket.on("connect", writeMore);
    socket.on("drain", writeMore);
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      settleFromData(false, "");
    });
    // A server that answers early and closes may reset a socket we are still writing to: what
    // it sent before that still counts.
    socket.on("error", (error: NodeJS.ErrnoException) => settleFromData(true, error.code ?? error.message));
    socket.on("close", () => settleFromData(true, "connection closed"));
  });
}
