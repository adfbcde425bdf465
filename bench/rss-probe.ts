// Preloaded into the real CLI by run.ts (`node --import <this> dist/src/bin.js analyze ...`): at exit it
// writes the process's peak RSS and CPU time to the file named by MAILLENS_BENCH_PROBE, so the analyze
// stage is measured as a user runs it, start-up included, without /usr/bin/time.
import { writeFileSync } from 'node:fs';

const target = process.env.MAILLENS_BENCH_PROBE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ maxRssKiB: usage.maxRSS, userCpuMs: usage.userCPUTime / 1000, systemCpuMs: usage.systemCPUTime / 1000, uptimeMs: process.uptime() * 1000 }));
  });
}
