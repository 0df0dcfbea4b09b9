import type * as tf from '@tensorflow/tfjs';
import type { Batch } from '../data/dataset';
import type { ParamLayout } from './layout';

/** A network defined functionally: logits from the weight tensors (sliced from the flat vector) and inputs. */
export interface Architecture {
  readonly name: string;
  /** Features per sample (rows·cols). */
  readonly inputSize: number;
  readonly classes: number;
  readonly layout: ParamLayout;
  /** features [batch, inputSize] → logits [rows, classes] (one row per target); weights in layout order. */
  logits(weights: readonly tf.Tensor[], features: tf.Tensor2D): tf.Tensor2D;
  /** The class of each logits row; default: the batch's labels (one per sample). A language model has one per position. */
  targets?(batch: Batch): Int32Array;
  /** With `targets`: how many each sample has. */
  readonly targetsPerSample?: number;
}
