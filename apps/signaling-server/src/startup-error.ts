/** A reason the server cannot start that the operator can fix (printed as its message alone, without a stack). */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
