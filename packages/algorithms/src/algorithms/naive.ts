/**
 * Naive asynchronous gradient tracking: R-FAST with increments c·z on G_C instead of running sums.
 * Every lost packet loses tracker mass for good, so the models converge to the wrong point: the
 * teaching baseline that shows why R-FAST sends cumulative sums.
 */
import type { PeerTopology } from '@canopy/protocol';
import type { NodeRuntimeOptions } from './options';
import { IncrementChannel } from './tracker-channels';
import { TrackingNode } from './tracking-node';

export class NaiveTrackingNode extends TrackingNode<IncrementChannel> {
  readonly algorithm = 'naive';

  constructor(options: NodeRuntimeOptions) {
    super(options);
  }

  protected createChannel(links: PeerTopology['push']): IncrementChannel {
    return new IncrementChannel(links, this.dimension, this.allocate);
  }
}
