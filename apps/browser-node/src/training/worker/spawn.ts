/** Browser only: starts the compute worker (Vite bundles worker.ts as an ES module worker). */
export function spawnComputeWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'canopy-compute' });
}
