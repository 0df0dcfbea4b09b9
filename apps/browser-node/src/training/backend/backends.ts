/**
 * Switching the tfjs backend and proving it took effect: tfjs falls back silently when a backend fails to
 * initialise, so success means setBackend resolved true AND getBackend() reads back the same name.
 */
import * as tf from '@tensorflow/tfjs';
// Registers the 'wasm' backend (in Node it loads its .wasm files from the package itself).
import '@tensorflow/tfjs-backend-wasm';

import { errorMessage } from './errors';
import type { BackendName } from './names';

export { BACKEND_NAMES, isBackendName, type BackendName } from './names';
export { errorMessage } from './errors';

export type Activation = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export async function activateBackend(name: BackendName): Promise<Activation> {
  // Threaded wasm breaks in a production build and gains nothing on small machines (ENVIRONMENT.md).
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  try {
    const resolved = await tf.setBackend(name);
    await tf.ready();
    const active = tf.getBackend();
    if (resolved && active === name) return { ok: true };
    return { ok: false, reason: `setBackend('${name}') resolved ${String(resolved)}, active backend is '${active}'` };
  } catch (error) {
    return { ok: false, reason: errorMessage(error) };
  }
}

export function currentBackend(): string {
  return tf.getBackend();
}
