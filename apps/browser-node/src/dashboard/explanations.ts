/** "What am I looking at?": short texts a teacher can read out, next to the picture they explain. */
import { html } from './dom';

const TEXTS: readonly (readonly [string, string])[] = [
  ['The two trees', 'Every tab is a node. Blue arrows (pull tree) carry the model from the root down to every tab; dashed orange arrows (push tree) carry each tab\'s gradient information up to the root. Both trees share the root, so everything a tab learns reaches everyone within two trips.'],
  ['Dots', 'A dot is a message on its way along an edge (a sample of them, not every one). Red dots are messages the injected loss dropped.'],
  ['Drops', 'Loss is injected on purpose (the slider, or a click on one edge) to show what an unreliable network does. The node table counts the drops per tab.'],
  ['Naive vs R-FAST', 'Naive gossip sends each gradient once: a dropped message loses it for good, and the models drift away from the best answer. R-FAST sends running sums (everything so far), so the next message that arrives carries what the lost one had: loss costs time, never accuracy.'],
  ['Relayed and stalled links', 'A grey casing means the two tabs talk through the server\'s TURN relay (they cannot reach each other directly). A dotted red edge is a link that has not opened for 10 s: that tab\'s page says why.'],
];

export function explanationsElement(): HTMLElement {
  return html(
    'details',
    { class: 'explanations', id: 'explanations' },
    html('summary', {}, 'What am I looking at?'),
    html('dl', {}, ...TEXTS.flatMap(([term, text]) => [html('dt', {}, term), html('dd', {}, text)])),
  );
}
