// CPU time of a process from /proc (Linux), for the benchmark scripts.
import { readFileSync } from "node:fs";

const CLOCK_TICKS_PER_SECOND = 100;

export type ProcessStat = { parent: number; command: string; cpuMs: number };

/** The process's parent, command and CPU time so far (user + system, ms); null once it has exited. */
export function processStat(pid: number): ProcessStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces): state ppid … utime(14) stime(15).
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" ");
    const command = stat.slice(stat.indexOf("(") + 1, close);
    return { parent: Number(fields[1]), command, cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** CPU time so far in ms, or 0 once the process has exited. */
export const cpuMsOf = (pid: number) => processStat(pid)?.cpuMs ?? 0;
