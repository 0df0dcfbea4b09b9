/**
 * Messages animated along edges. Real links carry tens to hundreds of messages a second, far more than an
 * eye can follow, so the animation samples: each directed link shows at most `maxPerSecond` dots, each one
 * standing for the same share of that link's traffic, and the share of dropped dots equals the measured
 * loss exactly (a deterministic accumulator, no randomness). A dropped dot stops halfway and falls off.
 */
import type { PeerId } from '@canopy/protocol';
import { pairKey } from './edges';

export interface TrafficRate {
  readonly from: PeerId;
  readonly to: PeerId;
  readonly messagesPerSecond: number;
  readonly dropsPerSecond: number;
}

export interface Particle {
  readonly from: PeerId;
  readonly to: PeerId;
  /** 0 at the sender, 1 at the receiver; a dropped dot never passes DROP_POINT. */
  readonly progress: number;
  readonly dropped: boolean;
  /** 0..1 while a dropped dot falls off; 0 otherwise. */
  readonly fall: number;
}

export interface TrafficOptions {
  /** Dots per second on one link at most (the sampling cap). */
  readonly maxPerSecond: number;
  /** Time a dot takes from sender to receiver. */
  readonly travelMs: number;
  /** Time a dropped dot takes to fall off. */
  readonly fallMs: number;
  /** Dots alive at once, all links together (a frame-budget guard with many nodes). */
  readonly maxParticles: number;
}

export const DEFAULT_TRAFFIC: TrafficOptions = { maxPerSecond: 6, travelMs: 900, fallMs: 600, maxParticles: 800 };
export const DROP_POINT = 0.5;

interface Spawner {
  rate: TrafficRate;
  /** Fractional dots owed to this link. */
  due: number;
  /** Fractional dropped dots owed: grows by the loss fraction per dot. */
  dropDue: number;
}

interface LiveParticle {
  from: PeerId;
  to: PeerId;
  progress: number;
  dropped: boolean;
  fall: number;
}

export class TrafficAnimator {
  readonly #spawners = new Map<string, Spawner>();
  #particles: LiveParticle[] = [];
  /** Dots ever started, and of those dropped: what the tests (and a curious teacher) can check. */
  spawned = 0;
  droppedSpawned = 0;

  constructor(private readonly options: TrafficOptions = DEFAULT_TRAFFIC) {}

  /** Replaces the rates; links absent from `rates` stop spawning (their dots in flight finish). */
  setRates(rates: readonly TrafficRate[]): void {
    const seen = new Set<string>();
    for (const rate of rates) {
      const key = pairKey(rate.from, rate.to);
      seen.add(key);
      const spawner = this.#spawners.get(key);
      if (spawner === undefined) this.#spawners.set(key, { rate, due: 0, dropDue: 0 });
      else spawner.rate = rate;
    }
    for (const key of this.#spawners.keys()) if (!seen.has(key)) this.#spawners.delete(key);
  }

  /** Moves time on by `dtMs`: dots travel, fall, arrive, and new ones start. */
  advance(dtMs: number): void {
    const step = Math.max(0, Math.min(dtMs, 250)); // a long pause (hidden tab) must not release a burst
    this.#move(step);
    for (const spawner of this.#spawners.values()) this.#spawn(spawner, step);
  }

  particles(): readonly Particle[] {
    return this.#particles;
  }

  #move(dtMs: number): void {
    const travel = dtMs / this.options.travelMs;
    const fall = dtMs / this.options.fallMs;
    const alive: LiveParticle[] = [];
    for (const p of this.#particles) {
      if (p.dropped && p.progress >= DROP_POINT) p.fall += fall;
      else p.progress = Math.min(p.dropped ? DROP_POINT : 1, p.progress + travel);
      const gone = p.dropped ? p.fall >= 1 : p.progress >= 1;
      if (!gone) alive.push(p);
    }
    this.#particles = alive;
  }

  #spawn(spawner: Spawner, dtMs: number): void {
    const { messagesPerSecond, dropsPerSecond, from, to } = spawner.rate;
    const attempted = Math.max(0, messagesPerSecond) + Math.max(0, dropsPerSecond);
    if (attempted === 0) return;
    const lossFraction = Math.max(0, dropsPerSecond) / attempted;
    spawner.due += (Math.min(attempted, this.options.maxPerSecond) * dtMs) / 1000;
    while (spawner.due >= 1) {
      spawner.due -= 1;
      spawner.dropDue += lossFraction;
      const dropped = spawner.dropDue >= 1 - 1e-9;
      if (dropped) spawner.dropDue -= 1;
      this.spawned++;
      if (dropped) this.droppedSpawned++;
      if (this.#particles.length < this.options.maxParticles) this.#particles.push({ from, to, progress: 0, dropped, fall: 0 });
    }
  }
}
