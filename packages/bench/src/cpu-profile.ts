// Summarises a `node --cpu-prof` profile (as bench:ceiling writes with BENCH_PROFILE_DIR): self time
// by function and by module (an npm package, a workspace package, or node's own code), the largest
// first. Usage: node --import tsx src/cpu-profile.ts <file.cpuprofile> [entries]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The module a script belongs to: the npm package, the workspace package or app, or node's internals. */
function moduleOf(url: string): string {
  if (url === '') return '(native / idle)';
  if (url.startsWith('node:')) return 'node';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url);
  if (pkg) return pkg[1]!;
  const workspace = /\/(apps|packages)\/([^/]+)\//.exec(url);
  return workspace ? `${workspace[1]}/${workspace[2]}` : url;
}

function top(totals: Map<string, number>, entries: number, all: number): string[] {
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, entries)
    .map(([name, us]) => `${((100 * us) / all).toFixed(1).padStart(5)} %  ${(us / 1_000).toFixed(0).padStart(7)} ms  ${name}`);
}

const [file, entriesArg] = process.argv.slice(2);
if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [entries]');
const entries = Number(entriesArg ?? 15);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const byFunction = new Map<string, number>();
const byModule = new Map<string, number>();
let all = 0;
let idle = 0;
profile.samples.forEach((id, i) => {
  const us = profile.timeDeltas[i] ?? 0;
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === '(idle)' || functionName === '(program)') {
    idle += functionName === '(idle)' ? us : 0;
  }
  all += us;
  const name = `${functionName || '(anonymous)'} ${moduleOf(url)}${url ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
  byModule.set(moduleOf(url), (byModule.get(moduleOf(url)) ?? 0) + us);
});
console.log(`${file}: ${(all / 1_000).toFixed(0)} ms sampled, ${(idle / 1_000).toFixed(0)} ms idle`);
console.log('\nself time by function:');
for (const line of top(byFunction, entries, all)) console.log(`  ${line}`);
console.log('\nself time by module:');
for (const line of top(byModule, entries, all)) console.log(`  ${line}`);
