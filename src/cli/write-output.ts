import type { OutputStream } from './context.js';

/**
 * Writes and, when the stream asks for it (write() returned false: a slow pipe or terminal), waits for
 * 'drain' (or its end), so a command that streams millions of lines holds one chunk in memory, not all.
 */
export function writeWithBackpressure(stream: OutputStream, text: string): Promise<void> | void {
  if (stream.write(text) !== false) return;
  const emitter = stream as OutputStream & {
    once?: (event: string, listener: () => void) => unknown;
    removeListener?: (event: string, listener: () => void) => unknown;
  };
  if (typeof emitter.once !== 'function') return;
  const events = ['drain', 'close', 'error'];
  return new Promise((done) => {
    const finish = () => {
      for (const e of events) emitter.removeListener?.(e, finish);
      done();
    };
    for (const e of events) emitter.once!(e, finish);
  });
}
