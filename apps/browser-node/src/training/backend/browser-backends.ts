/**
 * Browser only (page or worker): registers the WebGPU backend (webgl and cpu come with @tensorflow/tfjs)
 * and points tfjs-backend-wasm at its .wasm files as emitted by Vite. Must run before the first setBackend('wasm'), otherwise tfjs silently falls
 * back to another backend. Node code must not import this file (`?url` is a Vite feature).
 */
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

let configured = false;

export function registerBrowserBackends(): void {
  if (configured) return;
  configured = true;
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
  });
}
