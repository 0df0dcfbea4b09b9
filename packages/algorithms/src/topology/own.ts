/**
 * Peer ids are arbitrary strings ("constructor", "__proto__" included), so records keyed by them are read
 * through own-property checks only, never through the prototype chain.
 */
export function ownValue<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
