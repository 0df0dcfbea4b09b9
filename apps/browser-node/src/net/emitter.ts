/**
 * A tiny typed event emitter (no DOM, no Node `events`), so net/ and runner/ expose typed event maps
 * instead of stringly-typed callbacks. A throwing listener is reported, never propagated to the emitter.
 */
export type EventMap = Record<string, readonly unknown[]>;

export type Listener<A extends readonly unknown[]> = (...args: A) => void;

export class Emitter<E extends EventMap> {
  /** Stored as the top function type; each is called only with its own event's arguments. */
  readonly #listeners = new Map<keyof E, Set<(...args: never) => void>>();

  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<K extends keyof E>(event: K, listener: Listener<E[K]>): void {
    this.#listeners.get(event)?.delete(listener);
  }

  emit<K extends keyof E>(event: K, ...args: E[K]): void {
    const set = this.#listeners.get(event);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        (listener as unknown as Listener<E[K]>)(...args);
      } catch (error) {
        // One faulty listener must not break the emitter's caller (e.g. a data channel handler).
        console.error(`listener for "${String(event)}" threw`, error);
      }
    }
  }

  removeAllListeners(): void {
    this.#listeners.clear();
  }
}
