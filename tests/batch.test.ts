// lib/batch.ts: the calls of one turn share one run; each gets its own answer; nothing outlives the run.
import { describe, expect, it } from "vitest";

import { batched, padArray } from "@/lib/batch";

function recorder() {
  const runs: string[][] = [];
  let version = 0;
  const load = batched(async (keys: string[]) => {
    runs.push(keys);
    version += 1;
    return new Map(keys.filter((key) => key !== "missing").map((key) => [key, `${key}@${version}`]));
  });
  return { runs, load };
}

describe("batched", () => {
  it("answers the calls of one turn with one run of their distinct keys, each with its own answer", async () => {
    const { runs, load } = recorder();
    const answers = await Promise.all(["a", "b", "a", "missing"].map(load));
    expect(runs).toEqual([["a", "b", "missing"]]);
    expect(answers).toEqual(["a@1", "b@1", "a@1", undefined]);
  });

  it("runs again for a later turn: no answer is kept", async () => {
    const { runs, load } = recorder();
    expect(await load("a")).toBe("a@1");
    expect(await load("a")).toBe("a@2");
    expect(runs).toEqual([["a"], ["a"]]);
  });

  it("fails every call of the run when the run fails, and the next turn runs afresh", async () => {
    let fail = true;
    const load = batched(async (keys: string[]) => {
      if (fail) throw new Error("database unavailable");
      return new Map(keys.map((key) => [key, key.toUpperCase()]));
    });
    const results = await Promise.allSettled([load("a"), load("b")]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await load("a")).toBe("A");
  });

  it("pads an array parameter to the length a generic plan assumes, and leaves a longer one alone", () => {
    expect(padArray(["a", "b"], "")).toEqual(["a", "b", "", "", "", "", "", "", "", ""]);
    const long = Array.from({ length: 12 }, (_, i) => `k${i}`);
    expect(padArray(long, "")).toBe(long);
  });
});
