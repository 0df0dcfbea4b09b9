/** Human-readable numbers for the node page. */
import { bitsPerCharacter, perplexity } from '../training/data/text';

export const DASH = '—';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

export function formatPercent(fraction: number | null): string {
  return fraction === null ? DASH : `${(100 * fraction).toFixed(1)} %`;
}

export function formatMs(ms: number | null): string {
  return ms === null ? DASH : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

export function formatNumber(value: number | null, digits = 4): string {
  return value === null ? DASH : value.toPrecision(digits);
}

/** A held-out loss (nats) in bits; for a language model also its perplexity, the figure language-model papers quote. */
export function formatHeldOutBits(lossNats: number | null, languageModel: boolean): string {
  if (lossNats === null) return DASH;
  const bits = formatNumber(bitsPerCharacter(lossNats));
  return languageModel ? `${bits} (perplexity ${perplexity(lossNats).toFixed(1)})` : bits;
}

export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
