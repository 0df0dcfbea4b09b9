/** A bad flag or flag combination: reported as one line naming the flag, exit code 2, no stack trace. */
export class UsageError extends Error {
  constructor(
    readonly flag: string,
    detail: string,
  ) {
    super(`error: option '${flag}': ${detail}`);
    this.name = 'UsageError';
  }
}

export const USAGE_EXIT_CODE = 2;
