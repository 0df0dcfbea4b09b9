/** Number formatting shared by the browser benchmark's tables. */
import type { Summary } from '../../../apps/browser-node/bench/stats';
import type { Cell } from '../../section';

export const ms = (x: number): number => Number(x.toFixed(2));
export const r3 = (x: number): number => Number(x.toFixed(3));

export function summaryRow(label: string, s: Summary): Cell[] {
  return [label, ms(s.median), ms(s.p10), ms(s.p90), ms(s.mean), s.count];
}
