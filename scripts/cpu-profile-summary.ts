// Where the time goes in a V8 CPU profile (`node --cpu-prof`, e.g. from `npx tsx scripts/bench.ts --profile`):
// the functions with the most self time, and the total (inclusive) time under frames whose
// function name or file matches each --frame pattern, as a share of the profile's busy time.
// With --window=FROM,TO,REQUESTS (as scripts/profile-route.ts prints it), only the samples of
// that run count, and each line also gives µs per request.
//   npx tsx scripts/cpu-profile-summary.ts FILE.cpuprofile [--top=30] [--frame=verifyKeyHash --frame=sandbox …] [--window=…]
import { readFileSync } from "node:fs";

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number };

const argv = process.argv.slice(2);
const file = argv.find((arg) => !arg.startsWith("--"));
if (!file) {
  console.error("Usage: tsx scripts/cpu-profile-summary.ts FILE.cpuprofile [--top=30] [--frame=PATTERN …]");
  process.exit(2);
}
const top = Number(argv.find((arg) => arg.startsWith("--top="))?.slice(6) ?? 30);
const framePatterns = argv.filter((arg) => arg.startsWith("--frame=")).map((arg) => new RegExp(arg.slice(8)));
const [from, to, requests] = (argv.find((arg) => arg.startsWith("--window="))?.slice(9) ?? "0,Infinity,0").split(",").map(Number);

const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

// Each sample's time (the profile's clock), to keep those inside --window.
const inWindow: boolean[] = [];
let clock = profile.startTime;
for (const delta of profile.timeDeltas) inWindow.push((clock += delta) >= from && clock <= to);
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) => {
  if (inWindow[i]) selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

const IDLE = new Set(["(idle)", "(program)", "(garbage collector)"]);
const name = (frame: CallFrame) => `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*\/(node_modules|\.next)\//, "$1/")}:${frame.lineNumber + 1}`;
let total = 0;
let busy = 0;
for (const [id, micros] of selfMicros) {
  total += micros;
  if (byId.get(id)!.callFrame.functionName !== "(idle)") busy += micros;
}

const selfByName = new Map<string, number>();
for (const [id, micros] of selfMicros) {
  const key = name(byId.get(id)!.callFrame);
  selfByName.set(key, (selfByName.get(key) ?? 0) + micros);
}

const pct = (micros: number) => `${((micros / busy) * 100).toFixed(1).padStart(5)} %`;
const msText = (micros: number) => `${(micros / 1000).toFixed(0).padStart(7)} ms${requests ? ` ${(micros / requests).toFixed(1).padStart(7)} µs/request` : ""}`;
console.log(`${file}\nprofile ${msText(total)}, busy (not idle) ${msText(busy)}; shares below are of busy time`);
console.log(`  GC ${pct(selfByName.get(name({ functionName: "(garbage collector)", url: "", lineNumber: -1 })) ?? 0)}`);

console.log(`\nTop ${top} by self time:`);
for (const [key, micros] of [...selfByName]
  .filter(([key]) => !IDLE.has(key.split(" ")[0]))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)) {
  console.log(`${msText(micros)} ${pct(micros)}  ${key}`);
}

// Inclusive time: every sample counted once under the outermost matching frame of its stack.
if (framePatterns.length) {
  console.log("\nInclusive time under frames matching:");
  for (const pattern of framePatterns) {
    let micros = 0;
    profile.samples.forEach((id, i) => {
      if (!inWindow[i]) return;
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = byId.get(at)!.callFrame;
        if (pattern.test(frame.functionName) || pattern.test(frame.url)) {
          micros += profile.timeDeltas[i] ?? 0;
          return;
        }
      }
    });
    console.log(`${msText(micros)} ${pct(micros)}  ${pattern.source}`);
  }
}
