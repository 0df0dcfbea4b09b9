import type { ControlAction, RoomState } from '@canopy/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ScenarioPlayer } from './scenario-player';
import { PHASE_MS, SCENARIOS, type ScenarioRoom } from './scenarios';
import { initialRoomState } from '@canopy/protocol';

const scenario = (id: string) => SCENARIOS.find((s) => s.id === id)!;

function setup(room: ScenarioRoom | null) {
  const sent: ControlAction[] = [];
  const reports: [boolean, string][] = [];
  const player = new ScenarioPlayer({
    room: () => room,
    send: (action) => sent.push(action),
    report: (ok, message) => reports.push([ok, message]),
    now: () => Date.now(),
    setTimer: (run, ms) => setTimeout(run, ms),
    clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
  });
  return { sent, reports, player };
}

const nodes = [
  { id: 'p-root', displayName: 'Teacher', isRoot: true },
  { id: 'p-ada', displayName: 'Ada', isRoot: false },
  { id: 'p-bob', displayName: 'Bob', isRoot: false },
];

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ScenarioPlayer', () => {
  it('30% loss: naive now with the loss, R-FAST a phase later, same learning rate, then the conclusion', () => {
    const state: RoomState = initialRoomState();
    const { sent, reports, player } = setup({ state, nodes });
    player.play(scenario('loss-naive-vs-rfast'));
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([
      { type: 'loss', p: 0.3 },
      expect.objectContaining({ type: 'algorithm', name: 'naive', learningRate: state.settings.algorithm.learningRate }),
    ]);
    expect(reports.at(-1)?.[1]).toMatch(/Naive gossip under 30% loss/);
    vi.advanceTimersByTime(PHASE_MS - 1);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sent.at(-1)).toEqual(expect.objectContaining({ type: 'algorithm', name: 'rfast' }));
    vi.advanceTimersByTime(PHASE_MS);
    expect(reports.at(-1)).toEqual([true, expect.stringMatching(/done\. Compare the last two runs/)]);
    expect(player.playing).toBeNull();
  });

  it('a slow laptop: the newest non-root tab, ×4 then back to ×1, named for the class', () => {
    const state = initialRoomState();
    const room = { state, nodes };
    const { sent, reports, player } = setup(room);
    player.play(scenario('slow-laptop'));
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([{ type: 'straggler', peer: 'p-bob', factor: 4 }]);
    expect(reports.at(-1)?.[1]).toMatch(/^A slow laptop: Bob now computes 4× slower/);
    // The room now has the straggler; the second step undoes exactly it.
    (room as { state: RoomState }).state = { ...state, faults: { ...state.faults, stragglers: [{ peer: 'p-bob', factor: 4 }] } };
    vi.advanceTimersByTime(PHASE_MS);
    expect(sent.at(-1)).toEqual({ type: 'straggler', peer: 'p-bob', factor: 1 });
  });

  it('the root leaves: the root is stepped out for 30 s, then the class is told it is back', () => {
    const { sent, reports, player } = setup({ state: initialRoomState(), nodes });
    player.play(scenario('root-leaves'));
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([{ type: 'step-out', peer: 'p-root', seconds: 30 }]);
    expect(reports.at(-1)?.[1]).toMatch(/Teacher \(the root\) leaves for 30 s/);
    vi.advanceTimersByTime(33_000);
    expect(reports.at(-1)?.[1]).toMatch(/back as an ordinary node/);
    expect(sent).toHaveLength(1);
  });

  it('stops with a reason when the room cannot play it, and stop() cancels what is not sent', () => {
    const alone = setup({ state: initialRoomState(), nodes: [nodes[0]!] });
    alone.player.play(scenario('slow-laptop'));
    vi.advanceTimersByTime(0);
    expect(alone.sent).toEqual([]);
    expect(alone.reports.at(-1)).toEqual([false, 'A slow laptop stopped: needs at least two tabs in the room']);

    const stopped = setup({ state: initialRoomState(), nodes });
    stopped.player.play(scenario('loss-naive-vs-rfast'));
    vi.advanceTimersByTime(0);
    stopped.player.stop();
    vi.advanceTimersByTime(3 * PHASE_MS);
    expect(stopped.sent).toHaveLength(2);
  });
});
