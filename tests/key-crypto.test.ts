import { createCipheriv } from "node:crypto";

import { describe, expect, it } from "vitest";

import { decryptKey, encryptKey } from "@/lib/key-crypto";
import { generateKey, sha256Hex } from "@/lib/key-format";

describe("encrypted keys (AES-256-GCM)", () => {
  it("round-trips, with a fresh IV each time", async () => {
    const key = generateKey("test");
    const hash = await sha256Hex(key);
    const a = encryptKey(key, hash);
    const b = encryptKey(key, hash);
    expect(a).not.toBe(b);
    expect(a).not.toContain(key);
    expect(decryptKey(a, hash)).toBe(key);
    expect(decryptKey(b, hash)).toBe(key);
  });

  it("rejects a tampered ciphertext, IV or tag", async () => {
    const key = generateKey("test");
    const hash = await sha256Hex(key);
    const stored = encryptKey(key, hash);
    const [version, iv, body] = stored.split(".");
    const flip = (text: string, at: number) => {
      const bytes = Buffer.from(text, "base64url");
      bytes[at] ^= 0x01;
      return bytes.toString("base64url");
    };
    const bodyLength = Buffer.from(body, "base64url").length;
    for (const tampered of [
      [version, flip(iv, 0), body].join("."),
      [version, iv, flip(body, 0)].join("."),
      [version, iv, flip(body, bodyLength - 1)].join("."),
      [version, iv, body.slice(0, -4)].join("."),
    ]) {
      expect(() => decryptKey(tampered, hash)).toThrow();
    }
  });

  it("rejects a body shorter than a full tag: GCM would accept a truncated tag's prefix", async () => {
    const hash = await sha256Hex(generateKey("test"));
    // An empty plaintext under the server's own key; the stored body keeps only 4 bytes of its tag.
    const iv = Buffer.alloc(12, 7);
    const cipher = createCipheriv("aes-256-gcm", Buffer.from(process.env.API_KEY_ENCRYPTION_KEY!, "base64"), iv);
    cipher.setAAD(Buffer.from(hash));
    cipher.final();
    const forged = ["v1", iv.toString("base64url"), cipher.getAuthTag().subarray(0, 4).toString("base64url")].join(".");
    expect(() => decryptKey(forged, hash)).toThrow();
  });

  it("rejects a ciphertext moved onto another key's row", async () => {
    const key = generateKey("test");
    const stored = encryptKey(key, await sha256Hex(key));
    const otherHash = await sha256Hex(generateKey("test"));
    expect(() => decryptKey(stored, otherHash)).toThrow();
  });

  it("rejects unknown formats", () => {
    expect(() => decryptKey("v2.abc.def", "x")).toThrow(/format/);
    expect(() => decryptKey("plain-text", "x")).toThrow(/format/);
  });
});
