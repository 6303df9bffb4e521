// Preloaded into a service under benchmark (NODE_OPTIONS="--import <this file>", as Node 20 refuses
// --cpu-prof there): profiles the process's CPU from start to exit and writes a .cpuprofile into
// BENCH_CPU_PROFILE_DIR, for src/cpu-profile.ts to summarise. The inspector session of a process's
// own main thread answers synchronously, so the profile can be taken on 'exit'. JavaScript (checked
// by tsc as the rest), so that preloading it needs no tsx: with tsx loaded, a service run from dist
// resolved the workspace's packages to their TypeScript sources, where redlock's interop fails.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1_000 });
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
