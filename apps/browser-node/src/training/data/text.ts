/**
 * The character vocabulary of the text task and the mapping between text and token ids. Fixed here (not
 * derived from the corpus at run time) so a model's output layer, the asset and the sampler always agree.
 * Pure: no DOM, no tfjs.
 */

/** Every character of the Moby-Dick asset after `normalizeText`, in code-point order: 80 tokens. */
export const TEXT_VOCABULARY = '\n !"$&\'()*,-.0123456789:;?ABCDEFGHIJKLMNOPQRSTUVWXYZ[]abcdefghijklmnopqrstuvwxyz';

/** Characters a model reads to predict the next one (the asset's windows hold one more). */
export const TEXT_CONTEXT = 64;

const IDS = new Map([...TEXT_VOCABULARY].map((char, id) => [char, id]));

/** Typographic characters folded into the vocabulary (the corpus's em dash; curly quotes in other texts). */
const FOLDED: Readonly<Record<string, string>> = { '—': '-', '–': '-', '‘': "'", '’': "'", '“': '"', '”': '"', '\r': '' };

export function normalizeText(text: string): string {
  return text.replace(/[—–‘’“”\r]/g, (char) => FOLDED[char] ?? char);
}

/** Token ids of `text` (normalized first); a character outside the vocabulary is an error naming it. */
export function encodeText(text: string): Uint8Array {
  const normalized = normalizeText(text);
  const ids = new Uint8Array(normalized.length);
  for (let i = 0; i < normalized.length; i++) {
    const id = IDS.get(normalized[i] as string);
    if (id === undefined) throw new RangeError(`character ${JSON.stringify(normalized[i])} at ${i} is not in the text vocabulary`);
    ids[i] = id;
  }
  return ids;
}

export function decodeText(ids: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < ids.length; i++) out += TEXT_VOCABULARY[ids[i] as number] ?? '?';
  return out;
}

/** Perplexity (e^loss = 2^bits) from a mean cross-entropy in nats: as unsure as a uniform choice among that many. */
export function perplexity(lossNats: number): number {
  return Math.exp(lossNats);
}

/** Bits per character from a mean cross-entropy in nats. */
export function bitsPerCharacter(lossNats: number): number {
  return lossNats / Math.LN2;
}
