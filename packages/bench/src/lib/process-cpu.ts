// CPU time of the processes taking part in a benchmark pass, from /proc/<pid>/stat (user + system),
// so a pass can say where its CPU went per unit of work whatever else the machine is doing; and their
// read and write system calls (/proc/<pid>/io), each of which may wake another process. Processes
// are sampled while the pass runs, so one that exits mid-way (a pooled connection's backend) still
// counts up to its last sample, and one that starts mid-way counts from zero.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of utime and stime (USER_HZ: 100 on every Linux this runs on). */
const TICKS_PER_SECOND = 100;
const SAMPLE_INTERVAL_MS = 1_000;

/** A row of the table: a name and which of the running processes are its (they may come and go). */
export interface ProcessGroup {
  name: string;
  pids(running: readonly SystemProcess[]): number[];
}

/**
 * What a process has used so far: CPU seconds, read and write system calls (all its threads; NaN when
 * /proc/<pid>/io cannot be read, as another user's process cannot without root).
 */
interface Usage {
  seconds: number;
  readCalls: number;
  writeCalls: number;
}

const NO_USAGE: Usage = { seconds: 0, readCalls: 0, writeCalls: 0 };

/** /proc/<pid>/io, or empty when it cannot be read: the CPU seconds are still counted. */
function ioOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/io`, 'utf8');
  } catch {
    return '';
  }
}

/** One process's use so far, or undefined once it is gone. */
function usageOf(pid: number): Usage | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) in parentheses; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const io = ioOf(pid);
    const count = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)?.[1] ?? Number.NaN);
    return {
      seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      readCalls: count('syscr'),
      writeCalls: count('syscw'),
    };
  } catch {
    return undefined;
  }
}

const plus = (a: Usage, b: Usage, sign = 1): Usage => ({
  seconds: a.seconds + sign * b.seconds,
  readCalls: a.readCalls + sign * b.readCalls,
  writeCalls: a.writeCalls + sign * b.writeCalls,
});

export interface SystemProcess {
  pid: number;
  /** The short command name (`comm`). */
  command: string;
  /** The command line, or the title a process gave itself (PostgreSQL backends name their database). */
  title: string;
}

function systemProcesses(): SystemProcess[] {
  const processes: SystemProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      processes.push({ pid: Number(entry), command, title });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return processes;
}

const pidsWhere = (test: (p: SystemProcess) => boolean) => (running: readonly SystemProcess[]) => running.filter(test).map((p) => p.pid);

/** A PostgreSQL client backend names its database in its title: `postgres: 15/main: <user> <database> <client>`. */
const isBackendOf = (database: string) => (p: SystemProcess) => p.command === 'postgres' && p.title.split(' ').includes(database);
const isClientBackend = (p: SystemProcess) => p.command === 'postgres' && /\d+\.\d+\.\d+\.\d+\(\d+\)|\[local\]/.test(p.title);

/**
 * The shared servers of a run: PostgreSQL's backends of `database` apart from its other processes
 * (postmaster, WAL writer, checkpointer: shared with other work on the machine, like RabbitMQ and
 * Redis, whose processes serve every client at once).
 */
export function serverGroups(database: string): ProcessGroup[] {
  return [
    { name: "postgres, the run database's backends", pids: pidsWhere(isBackendOf(database)) },
    { name: 'postgres background (shared)', pids: pidsWhere((p) => p.command === 'postgres' && !isClientBackend(p)) },
    { name: 'rabbitmq (shared)', pids: pidsWhere((p) => ['beam.smp', 'erl_child_setup', 'epmd', 'inet_gethost'].includes(p.command)) },
    { name: 'redis (shared)', pids: pidsWhere((p) => p.command === 'redis-server') },
  ];
}

export interface CpuReading extends Usage {
  name: string;
}

/** The cores each group used in each span of a pass, and the machine's busy and stolen cores. */
export interface CpuTimeline {
  spanMs: number;
  groups: { name: string; cores: number[] }[];
  /** All of the machine's CPUs (/proc/stat): cores busy (not idle or waiting on I/O), and cores the hypervisor took. */
  machine: { busy: number[]; steal: number[] };
}

export interface CpuMeter {
  /** Stops sampling; the CPU seconds (and system calls) each group used since the start. */
  stop(): CpuReading[];
  /** After `stop()`: the same use in spans of `spanMs` from the start (the last span partial), from the samples. */
  timeline(spanMs: number): CpuTimeline;
}

/** The machine's CPU seconds so far (/proc/stat's first line): busy, stolen. */
function machineSeconds(): { busy: number; steal: number } {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n', 1)[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { busy: (user! + nice! + system! + irq! + softirq!) / TICKS_PER_SECOND, steal: steal! / TICKS_PER_SECOND };
}

interface Sample {
  atMs: number;
  /** Each group's CPU seconds since the start, in the order of the groups. */
  groups: number[];
  machine: { busy: number; steal: number };
}

/** Cores used between the samples nearest to each span's edges: the difference over the time between them. */
function perSpan(samples: Sample[], spanMs: number, read: (sample: Sample) => number): number[] {
  const startMs = samples[0]!.atMs;
  const endMs = samples.at(-1)!.atMs;
  const at = (ms: number) => samples.reduce((best, sample) => (Math.abs(sample.atMs - ms) < Math.abs(best.atMs - ms) ? sample : best));
  const spans: number[] = [];
  for (let from = startMs; from < endMs; from += spanMs) {
    const [a, b] = [at(from), at(Math.min(from + spanMs, endMs))];
    spans.push(b.atMs > a.atMs ? (read(b) - read(a)) / ((b.atMs - a.atMs) / 1_000) : 0);
  }
  return spans;
}

/** Starts reading the groups' CPU; `stop()` gives each group's CPU seconds since now. */
export function startCpuMeter(groups: readonly ProcessGroup[]): CpuMeter {
  const first = new Map<number, Usage>();
  const last = new Map<number, Usage>();
  const owner = new Map<number, string>();
  let started = false;
  const samples: Sample[] = [];
  const totalsOf = () => {
    const totals = new Map(groups.map((group) => [group.name, NO_USAGE]));
    for (const [pid, usage] of last) {
      const name = owner.get(pid)!;
      totals.set(name, plus(totals.get(name)!, plus(usage, first.get(pid)!, -1)));
    }
    return totals;
  };
  const sample = () => {
    const atMs = Date.now();
    const running = systemProcesses();
    for (const group of groups) {
      for (const pid of group.pids(running)) {
        const usage = usageOf(pid);
        if (usage === undefined) continue;
        // A process first seen after the start began within the pass (a new connection's backend).
        if (!first.has(pid)) first.set(pid, started ? NO_USAGE : usage);
        last.set(pid, usage);
        owner.set(pid, group.name);
      }
    }
    const totals = totalsOf();
    samples.push({ atMs, groups: groups.map((group) => totals.get(group.name)!.seconds), machine: machineSeconds() });
  };
  sample();
  started = true;
  const timer = setInterval(sample, SAMPLE_INTERVAL_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return [...totalsOf()].map(([name, usage]) => ({ name, ...usage }));
    },
    timeline(spanMs) {
      return {
        spanMs,
        groups: groups.map((group, i) => ({ name: group.name, cores: perSpan(samples, spanMs, (s) => s.groups[i]!) })),
        machine: {
          busy: perSpan(samples, spanMs, (s) => s.machine.busy),
          steal: perSpan(samples, spanMs, (s) => s.machine.steal),
        },
      };
    },
  };
}

/** A group of one process known by its id. */
export const processGroup = (name: string, pid: number): ProcessGroup => ({ name, pids: () => [pid] });
