// A small server that speaks Upstash's Redis REST protocol over a real Redis, so the real
// @upstash/redis and @upstash/ratelimit code (EVALSHA scripts included) runs in tests here,
// where Upstash itself cannot be reached.
//   POST /            one command as a JSON array          → { result } | { error }
//   POST /pipeline    an array of commands, run in order   → [{ result } | { error }, …]
//   POST /multi-exec  the same, inside MULTI/EXEC          → [{ result } | { error }, …]
// `Authorization: Bearer <token>` is required. With `Upstash-Encoding: base64` (what
// @upstash/redis asks for) bulk strings are sent base64-encoded; a top-level "OK" stays as is.
// Upstash accepts the script flag `allow-key-locking` (used by @upstash/ratelimit) that Redis 7.0
// rejects: scripts are passed on without unknown flags, and SHAs are mapped so that EVALSHA with
// the original script's SHA behaves as it does on Upstash.
//
// CLI: UPSTASH_REDIS_REST_TOKEN=… [UPSTASH_REST_PORT=8079] [REDIS_URL=redis://127.0.0.1:6379] tsx scripts/upstash-rest-server.ts
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

import { createClient, ErrorReply, MultiErrorReply, RESP_TYPES } from "redis";

type Command = string[];
type Reply = { result: unknown } | { error: string };

export type UpstashRestServer = { url: string; token: string; close: () => Promise<void> };
export type UpstashRestOptions = { token: string; port?: number; host?: string; redisUrl?: string };

const MAX_BODY_BYTES = 1024 * 1024;
const REDIS_SCRIPT_FLAGS = new Set(["no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"]);

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** The script with only the shebang flags this Redis knows. */
function portableScript(script: string): string {
  const match = /^#!lua[ \t]+flags=([^\n]*)/.exec(script);
  if (!match) return script;
  const flags = match[1]
    .split(",")
    .map((flag) => flag.trim())
    .filter((flag) => REDIS_SCRIPT_FLAGS.has(flag));
  return `#!lua${flags.length ? ` flags=${flags.join(",")}` : ""}${script.slice(match[0].length)}`;
}

/** Rewrites script commands for Redis; `sha` is the reply to give instead (SCRIPT LOAD). */
function scriptTranslator() {
  const shas = new Map<string, string>();
  const remember = (script: string) => {
    const portable = portableScript(script);
    if (portable !== script) shas.set(sha1(script), sha1(portable));
    return portable;
  };
  return (command: Command): { command: Command; sha?: string } => {
    const [name, first, ...rest] = command;
    const upper = name.toUpperCase();
    if ((upper === "EVAL" || upper === "EVAL_RO") && first !== undefined) return { command: [name, remember(first), ...rest] };
    if ((upper === "EVALSHA" || upper === "EVALSHA_RO") && first !== undefined) return { command: [name, shas.get(first.toLowerCase()) ?? first, ...rest] };
    if (upper === "SCRIPT" && first?.toUpperCase() === "LOAD" && rest[0] !== undefined)
      return { command: [name, first, remember(rest[0])], sha: sha1(rest[0]) };
    return { command };
  };
}

function encode(value: unknown, base64: boolean, topLevel = false): unknown {
  if (Buffer.isBuffer(value)) return base64 ? value.toString("base64") : value.toString("utf8");
  if (typeof value === "string") return !base64 || (topLevel && value === "OK") ? value : Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map((item) => encode(item, base64));
  return value ?? null;
}

function toCommand(value: unknown): Command | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  if (!value.every((arg) => ["string", "number", "boolean"].includes(typeof arg))) return null;
  return value.map(String);
}

function errorText(error: unknown) {
  return error instanceof Error ? error.message : String(error);
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("ERR request body too large");
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "Content-Type": "application/json" });
  response.end(JSON.stringify(body));
}

export async function startUpstashRestServer({
  token,
  port = 0,
  host = "127.0.0.1",
  redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
}: UpstashRestOptions): Promise<UpstashRestServer> {
  const base = createClient({ url: redisUrl, RESP: 2 });
  base.on("error", (error) => console.error("[upstash-rest-server] Redis:", errorText(error)));
  await base.connect();
  // Bulk strings as Buffers, so binary values survive the base64 round trip.
  const redis = base.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  const expected = Buffer.from(`Bearer ${token}`);
  const translate = scriptTranslator();

  async function runOne(original: Command): Promise<Reply> {
    const { command, sha } = translate(original);
    try {
      const result = await redis.sendCommand(command);
      return { result: sha ?? result };
    } catch (error) {
      return { error: errorText(error) };
    }
  }

  async function runMulti(commands: Command[]): Promise<Reply[]> {
    const multi = redis.multi();
    const translated = commands.map(translate);
    for (const { command } of translated) multi.addCommand(command);
    try {
      return (await multi.exec()).map((result, i) => ({ result: translated[i].sha ?? result }));
    } catch (error) {
      // A command that failed inside EXEC: the others' replies still stand.
      if (error instanceof MultiErrorReply) return error.replies.map((reply) => (reply instanceof ErrorReply ? { error: reply.message } : { result: reply }));
      throw error;
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const presented = Buffer.from(request.headers.authorization ?? "");
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return send(response, 401, { error: "Unauthorized" });
    if (request.method !== "POST") return send(response, 405, { error: "ERR only POST is supported" });

    const base64 = String(request.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const encodeReply = (reply: Reply) => ("error" in reply ? reply : { result: encode(reply.result, base64, true) });
    let body: unknown;
    try {
      body = await readBody(request);
    } catch (error) {
      return send(response, 400, { error: error instanceof SyntaxError ? "ERR failed to parse command" : errorText(error) });
    }

    const path = new URL(request.url ?? "/", "http://localhost").pathname.replace(/\/+$/, "") || "/";
    if (path === "/") {
      const command = toCommand(body);
      if (!command) return send(response, 400, { error: "ERR failed to parse command" });
      const reply = await runOne(command);
      return send(response, "error" in reply ? 400 : 200, encodeReply(reply));
    }
    if (path === "/pipeline" || path === "/multi-exec") {
      const commands = Array.isArray(body) ? body.map(toCommand) : [];
      if (!commands.length || commands.some((command) => command === null)) return send(response, 400, { error: "ERR failed to parse pipeline request" });
      const replies = path === "/pipeline" ? await Promise.all((commands as Command[]).map(runOne)) : await runMulti(commands as Command[]);
      return send(response, 200, replies.map(encodeReply));
    }
    return send(response, 404, { error: "ERR unknown endpoint" });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => send(response, 500, { error: errorText(error) }));
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;

  return {
    url: `http://${host}:${address.port}`,
    token,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await base.quit().catch(() => {});
    },
  };
}

/** Deletes every key under a prefix (tests use their own prefix and clean up after themselves). */
export async function deleteRedisKeys(prefix: string, redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379"): Promise<number> {
  if (!prefix) throw new Error("Refusing to delete keys without a prefix");
  const client = createClient({ url: redisUrl, RESP: 2 });
  await client.connect();
  let deleted = 0;
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length) deleted += await client.del(keys);
    }
  } finally {
    await client.quit();
  }
  return deleted;
}

/**
 * The server in a process of its own (the benchmarks: so neither its CPU time nor its event loop
 * is the caller's), on a free port. Resolves once it listens; the caller stops the child.
 */
export async function spawnUpstashRestServer(token: string): Promise<{ url: string; token: string; child: ChildProcess }> {
  const child = spawn("node_modules/.bin/tsx", ["scripts/upstash-rest-server.ts"], {
    env: { ...process.env, UPSTASH_REDIS_REST_TOKEN: token, UPSTASH_REST_PORT: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      const listening = /Upstash REST server on (\S+),/.exec(String(chunk));
      if (listening) resolve(listening[1]);
    });
    child.once("exit", (code) => reject(new Error(`The Upstash REST server exited (${code})`)));
  });
  return { url, token, child };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const token = process.env.UPSTASH_REDIS_REST_TOKEN;
  if (!token) {
    console.error("Set UPSTASH_REDIS_REST_TOKEN to the token clients must send.");
    process.exit(2);
  }
  startUpstashRestServer({ token, port: Number(process.env.UPSTASH_REST_PORT ?? 8079) }).then((server) => {
    console.log(`Upstash REST server on ${server.url}, backed by ${process.env.REDIS_URL ?? "redis://127.0.0.1:6379"}`);
    const stop = () => server.close().then(() => process.exit(0));
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
