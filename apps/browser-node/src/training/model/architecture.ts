import type * as tf from '@tensorflow/tfjs';
import type { ParamLayout } from './layout';

/** A network defined functionally: logits from the weight tensors (sliced from the flat vector) and inputs. */
export interface Architecture {
  readonly name: string;
  /** Features per sample (rows·cols). */
  readonly inputSize: number;
  readonly classes: number;
  readonly layout: ParamLayout;
  /** features [batch, inputSize] → logits [batch, classes]; weights in layout order. */
  logits(weights: readonly tf.Tensor[], features: tf.Tensor2D): tf.Tensor2D;
}
