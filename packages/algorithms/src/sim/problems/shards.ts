/**
 * Synthetic heterogeneous shards. Every shard s draws its rows around its own mean shift μ_s and its targets
 * from its own model w_s = w₀ + h·noise, so local optima differ (h = heterogeneity).
 */
import type { Random } from '../random';
import type { ProblemKind, Shard } from './problem';

export interface ShardRequest {
  readonly kind: ProblemKind;
  readonly dimension: number;
  readonly samples: number;
  readonly heterogeneity: number;
  readonly count: number;
}

const SHIFT_SCALE = 0.5;
const REGRESSION_NOISE = 0.1;
/** Logistic labels: P(y = +1) = σ(CONFIDENCE · a·w_s), with a scaled to unit expected norm. */
const CONFIDENCE = 4;

export function generateShards(request: ShardRequest, random: Random): Shard[] {
  const { dimension: d, heterogeneity: h } = request;
  const common = gaussianVector(d, random);
  const shards: Shard[] = [];
  for (let s = 0; s < request.count; s++) {
    const shift = gaussianVector(d, random).map((v) => SHIFT_SCALE * h * v);
    const model = gaussianVector(d, random).map((v, k) => (common[k] as number) + h * v);
    shards.push(request.kind === 'least-squares' ? regression(request, shift, model, random) : classification(request, shift, model, random));
  }
  return shards;
}

function regression(request: ShardRequest, shift: Float64Array, model: Float64Array, random: Random): Shard {
  const { dimension: d, samples: m } = request;
  const features = new Float64Array(m * d);
  const targets = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    let y = 0;
    for (let k = 0; k < d; k++) {
      const a = (shift[k] as number) + random.normal();
      features[r * d + k] = a;
      y += a * (model[k] as number);
    }
    targets[r] = y + REGRESSION_NOISE * random.normal();
  }
  return { features, targets, samples: m };
}

function classification(request: ShardRequest, shift: Float64Array, model: Float64Array, random: Random): Shard {
  const { dimension: d, samples: m } = request;
  const features = new Float64Array(m * d);
  const targets = new Float64Array(m);
  const unit = 1 / Math.sqrt(d);
  for (let r = 0; r < m; r++) {
    let margin = 0;
    for (let k = 0; k < d; k++) {
      const a = unit * ((shift[k] as number) + random.normal());
      features[r * d + k] = a;
      margin += a * (model[k] as number);
    }
    targets[r] = random.next() < 1 / (1 + Math.exp(-CONFIDENCE * margin)) ? 1 : -1;
  }
  return { features, targets, samples: m };
}

function gaussianVector(d: number, random: Random): Float64Array {
  const v = new Float64Array(d);
  for (let k = 0; k < d; k++) v[k] = random.normal();
  return v;
}
