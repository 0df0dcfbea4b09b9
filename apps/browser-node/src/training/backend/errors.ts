/** The message of anything thrown (tfjs sometimes throws strings). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
