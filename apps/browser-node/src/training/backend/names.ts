/** Backend names without importing tfjs (the page bundle must not pull tfjs in; only the worker does). */
export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Preference order when measurements tie; also the default candidate list. */
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export function isBackendName(value: unknown): value is BackendName {
  return typeof value === 'string' && (BACKEND_NAMES as readonly string[]).includes(value);
}
