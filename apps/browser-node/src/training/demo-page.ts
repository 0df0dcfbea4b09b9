/**
 * Placeholder node page (until src/ui provides the real one): starts the compute worker, shows the backend
 * calibration, then runs local SGD and reports held-out accuracy. Proves data + worker + backends in a tab.
 * `?backend=wasm` forces a backend, `?model=cnn` picks the CNN, `?steps=N` sets the step count.
 */
import { isBackendName } from './backend/names';
import { MNIST_ASSET } from './data/load';
import type { ModelName } from './model/names';
import { ComputeClient } from './worker/client';
import { spawnComputeWorker } from './worker/spawn';

interface DemoStatus {
  phase: 'starting' | 'training' | 'done' | 'failed';
  backend?: string;
  ranking?: unknown;
  step: number;
  msPerStep?: number;
  /** Worker-side compute per step; msPerStep minus this is the messaging overhead. */
  computeMsPerStep?: number;
  loss?: number;
  heldOutAccuracy?: number;
  error?: string;
}

const status: DemoStatus = { phase: 'starting', step: 0 };
// Exposed for automated checks (Playwright reads it).
(globalThis as unknown as { canopyDemo: DemoStatus }).canopyDemo = status;

const output = document.getElementById('status');
function show(): void {
  if (output) output.textContent = JSON.stringify(status, null, 2);
}

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const forced = query.get('backend');
  const model: ModelName = query.get('model') === 'cnn' ? 'cnn' : 'mlp';
  const steps = Number(query.get('steps') ?? 300);
  show();
  const client = await ComputeClient.start(spawnComputeWorker(), {
    model,
    ...(isBackendName(forced) ? { backend: forced } : {}),
    dataset: { url: new URL(MNIST_ASSET, document.baseURI).href },
    shard: { nodes: 1, node: 0, partition: { kind: 'iid' }, seed: 1 },
    batchSize: 64,
    initSeed: 1,
    samplerSeed: 2,
  });
  Object.assign(status, { phase: 'training', backend: client.info.backend, ranking: client.info.ranking });
  const x = client.info.x0;
  const started = performance.now();
  let computeMs = 0;
  for (let step = 1; step <= steps; step++) {
    const reply = await client.gradient(x);
    computeMs += reply.computeMs;
    for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) - 0.1 * (reply.gradient[i] as number);
    Object.assign(status, { step, loss: reply.loss, msPerStep: (performance.now() - started) / step, computeMsPerStep: computeMs / step });
    if (step % 50 === 0) show();
  }
  status.heldOutAccuracy = (await client.evaluate(x)).accuracy;
  status.phase = 'done';
  show();
}

main().catch((error: unknown) => {
  Object.assign(status, { phase: 'failed', error: error instanceof Error ? error.message : String(error) });
  show();
});
