import { describe, expect, it, vi } from "vitest";

import { keyHashOf } from "@/lib/api-keys";
import { crc32, displayKey, generateKey, KEY_LENGTH, parseKey, sha256Hex } from "@/lib/key-format";
import { nodeRuntime } from "@/lib/node-runtime";
import { installNodeRuntime } from "@/lib/node-runtime-setup";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

describe("key format", () => {
  it("is the environment prefix, 32 base62 characters and a 6-character checksum", () => {
    for (const environment of ["live", "test"] as const) {
      const key = generateKey(environment);
      expect(key).toMatch(new RegExp(`^hero_${environment}_[0-9A-Za-z]{38}$`));
      expect(key).toHaveLength(KEY_LENGTH);
      expect(parseKey(key)).toBe(environment);
    }
  });

  it("never repeats and uses the whole alphabet", () => {
    const keys = Array.from({ length: 2000 }, () => generateKey("test"));
    expect(new Set(keys).size).toBe(keys.length);
    const seen = new Set(keys.flatMap((key) => [...key.slice(10, 42)]));
    expect(seen.size).toBe(62);
  });

  it("rejects every single-character change, anywhere in the key", () => {
    const key = generateKey("test");
    let variants = 0;
    for (let i = 0; i < key.length; i++) {
      for (const char of ALPHABET + "_-") {
        if (char === key[i]) continue;
        const changed = key.slice(0, i) + char + key.slice(i + 1);
        expect(parseKey(changed), `position ${i} → ${char}`).toBeNull();
        variants++;
      }
    }
    expect(variants).toBeGreaterThan(key.length * 60);
  });

  it("rejects wrong lengths, other prefixes and non-strings shaped like keys", () => {
    const key = generateKey("live");
    for (const bad of ["", key.slice(0, -1), `${key}0`, key.replace("hero_", "hera_"), ` ${key}`, key.toUpperCase(), "hero_prod_" + key.slice(10)]) {
      expect(parseKey(bad)).toBeNull();
    }
  });

  it("computes the standard CRC32", () => {
    expect(crc32("123456789")).toBe(0xcbf43926);
  });

  it("shows only the prefix and the last four characters", () => {
    const key = generateKey("test");
    expect(displayKey(key)).toBe(`hero_test_…${key.slice(-4)}`);
  });

  it("hashes with SHA-256, exactly as node:crypto does (the API's lookup hashes there)", async () => {
    expect(await sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    for (let i = 0; i < 50; i++) {
      const key = generateKey("test");
      expect(await sha256Hex(key)).toBe(keyHashOf(key));
    }
  });

  it("hashes alike with node:crypto installed for the Node.js runtime (instrumentation.ts) and with Web Crypto", async () => {
    const texts = ["abc", "", "203.0.113.7", "ünïcødé ✓", ...Array.from({ length: 20 }, () => generateKey("test"))];
    expect(nodeRuntime()).toBeUndefined();
    const webCrypto = await Promise.all(texts.map(sha256Hex));
    installNodeRuntime();
    // Used, not only installed: the same answers, from node:crypto.
    const hash = vi.spyOn(nodeRuntime()!, "sha256Hex");
    try {
      expect(await Promise.all(texts.map(sha256Hex))).toEqual(webCrypto);
      expect(hash).toHaveBeenCalledTimes(texts.length);
    } finally {
      delete (globalThis as Record<symbol, unknown>)[Symbol.for("hero.nodeRuntime")];
    }
  });
});
