// Errors a user can act on. The CLI prints `maillens: <message>` and exits with `exitCode`, never a stack.
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

// Exit codes, documented in the README ("Exit codes"): cron wrappers key on them.
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** Some inputs were processed, others failed (unreadable, vanished, not a log). */
  partial: 3,
  /** `report --fail-on` threshold crossed. */
  threshold: 4,
  /** Another maillens run holds the database. */
  busy: 5,
} as const;

export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
  }
  return String(err);
}
