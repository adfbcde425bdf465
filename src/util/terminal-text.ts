// Log values are written by strangers: before one reaches a terminal, remove what a terminal would
// obey (ESC sequences, C0/C1 controls, DEL); tabs and newlines inside a value become spaces.
// eslint-disable-next-line no-control-regex
const CONTROL = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]|[\x00-\x1f\x7f-\x9f]/g;

export function stripControl(value: string): string {
  return value.replace(CONTROL, (m) => (m === '\t' || m === '\n' || m === '\r' ? ' ' : ''));
}
