#!/usr/bin/env node
// The only module that touches `process`: it builds the CLI context and hands over to runCli.
import { hostname } from 'node:os';
import { runCli } from './cli/run.js';

const controller = new AbortController();
let interrupted = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // First signal: stop at the next batch boundary and commit; second: leave now (SQLite rolls back).
    if (++interrupted > 1) process.exit(130);
    controller.abort();
  });
}
// A reader that closed the pipe (`maillens events | head`) is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  hostname: hostname(),
  now: () => new Date(),
  signal: controller.signal,
});
process.exitCode = code;
