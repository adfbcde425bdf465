import { closeSync, openSync, readSync } from 'node:fs';

/**
 * `length` bytes of the file at `path` from byte `from`, or null when they cannot all be read (the file
 * is gone, shorter, unreadable). For the short looks at a log's own bytes that decide where a run
 * resumes: its first bytes, the bytes before a resume point.
 */
export function readBytesAt(path: string, from: number, length: number): Buffer | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(length);
    return readSync(fd, buf, 0, length, from) === length ? buf : null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
