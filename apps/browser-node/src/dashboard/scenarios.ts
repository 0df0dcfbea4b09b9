/**
 * Preset scenarios a teacher runs in one click: a few control actions spread over time, each step with a sentence
 * for the class. Pure: a step's actions are computed from the room as it is when the step comes due.
 */
import type { ControlAction, PeerId, Result, RoomState } from '@canopy/protocol';
import { algorithmAction, delayAction, globalLossAction, stepOutAction, stragglerAction } from './control-actions';

export interface ScenarioRoom {
  readonly state: RoomState;
  /** Members in join order, with the root marked. */
  readonly nodes: readonly { readonly id: PeerId; readonly displayName: string; readonly isRoot: boolean }[];
}

export interface ScenarioStep {
  /** From the scenario's start. */
  readonly atMs: number;
  /** What the class should watch for now. */
  readonly say: (room: ScenarioRoom) => string;
  /** Control actions to send now; an Error says why the scenario cannot go on in this room. */
  readonly actions: (room: ScenarioRoom) => Result<ControlAction>[] | Error;
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly steps: readonly ScenarioStep[];
  /** When it is over, and what to conclude. */
  readonly endMs: number;
  readonly conclusion: string;
}

export const PHASE_MS = 60_000;

export const ROOT_AWAY_S = 30;

/** The node that plays "the slow laptop": the newest member that is not the root. */
function slowOne(room: ScenarioRoom): { readonly id: PeerId; readonly displayName: string } | undefined {
  return [...room.nodes].reverse().find((node) => !node.isRoot);
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'loss-naive-vs-rfast',
    title: '30% loss: naive vs R-FAST',
    steps: [
      {
        atMs: 0,
        say: () => 'Naive gossip under 30% loss: a lost message loses the gradient information it carried, for good.',
        actions: (room) => [globalLossAction(0.3), algorithmAction(room.state, 'naive')],
      },
      {
        atMs: PHASE_MS,
        say: () => 'R-FAST under the same loss: it sends running sums, so a lost message only delays information; the next one carries it.',
        actions: (room) => [algorithmAction(room.state, 'rfast')],
      },
    ],
    endMs: 2 * PHASE_MS,
    conclusion: 'Compare the last two runs in Runs (tick both): naive levels off lower; R-FAST climbs as if nothing were lost.',
  },
  {
    id: 'slow-laptop',
    title: 'A slow laptop',
    steps: [
      {
        atMs: 0,
        say: (room) => `${slowOne(room)?.displayName ?? 'One tab'} now computes 4× slower. Asynchronous training does not wait for it: watch the others' steps/s.`,
        actions: (room) => {
          const slow = slowOne(room);
          return slow === undefined ? new Error('needs at least two tabs in the room') : [stragglerAction(slow.id, 4)];
        },
      },
      {
        atMs: PHASE_MS,
        say: (room) => `${slowOne(room)?.displayName ?? 'The slow tab'} is back to full speed.`,
        actions: (room) => room.state.faults.stragglers.map((s) => stragglerAction(s.peer, 1)),
      },
    ],
    endMs: PHASE_MS + 5_000,
    conclusion: 'The room kept training at the pace of its fast tabs; a synchronous method (AllReduce) would have run at the slow one\'s.',
  },
  {
    id: 'root-leaves',
    title: 'The root leaves',
    steps: [
      {
        atMs: 0,
        say: (room) => `${room.nodes.find((n) => n.isRoot)?.displayName ?? 'The root'} (the root) leaves for ${ROOT_AWAY_S} s: the trees are rebuilt around a new root within a second, and training goes on.`,
        actions: (room) => {
          const root = room.nodes.find((node) => node.isRoot);
          if (root === undefined || room.nodes.length < 2) return new Error('needs at least two tabs in the room');
          return [stepOutAction(root.id, ROOT_AWAY_S)];
        },
      },
      {
        atMs: (ROOT_AWAY_S + 3) * 1000,
        say: () => 'The old root is back as an ordinary node: it took the current model from its new parent.',
        actions: () => [],
      },
    ],
    endMs: (ROOT_AWAY_S + 10) * 1000,
    conclusion: 'No node is special: the trees were rebuilt twice and nothing the room had learned was lost.',
  },
  {
    id: 'clear-faults',
    title: 'Back to normal',
    steps: [
      {
        atMs: 0,
        say: () => 'No injected loss, delay or slowdown.',
        actions: (room) => [globalLossAction(0), delayAction(0, 0), ...room.state.faults.stragglers.map((s) => stragglerAction(s.peer, 1))],
      },
    ],
    endMs: 0,
    conclusion: 'Every injected fault is off.',
  },
];

/** What a running scenario tells the teacher at `elapsedMs`. */
export function scenarioStatus(scenario: Scenario, elapsedMs: number, said: string): string {
  if (elapsedMs >= scenario.endMs) return `${scenario.title}: done. ${scenario.conclusion}`;
  const next = scenario.steps.find((step) => step.atMs > elapsedMs);
  const until = (next?.atMs ?? scenario.endMs) - elapsedMs;
  return `${scenario.title}: ${said} (${Math.ceil(until / 1000)} s ${next === undefined ? 'left' : 'until the next step'})`;
}
