/**
 * The teacher's controls (shown only with ?token=): global loss slider, delay, pause / resume / reset, the
 * algorithm switch with η and hyper-parameters, R-FAST's wire compression and the dataset and model (each a
 * new run), and the topology choice. Inputs follow the room state pushed by the server, except while the
 * teacher is using them. Every action goes through `send`; the outcome is shown in `report`.
 */
import { describeParams } from '@canopy/algorithms';
import { COMPRESSOR_NAMES, isCompressorName, TOPOLOGY_KINDS, type CompressorName, type ControlAction, type Result, type RoomState, type TopologyKind } from '@canopy/protocol';
import { ALGORITHM_CHOICES, isAlgorithmName } from './algorithm-names';
import { DATASETS, datasetEntry } from '../training/data/datasets';
import { MODEL_NAMES } from '../training/model/names';
import { algorithmAction, compressionAction, datasetAction, delayAction, globalLossAction, lockAction, LOSS_SLIDER, simpleAction, topologyAction } from './control-actions';
import { html } from './dom';
import { parseParamsText } from './hyper-params-text';

/** `kind` groups actions whose newer request replaces an older unsent one (see CoalescingSender). */
export type SendControl = (kind: string, action: ControlAction) => void;

const COMPRESSION_LABELS: Readonly<Record<CompressorName, string>> = {
  none: 'none (f32 models, f64 sums)',
  fp16: 'fp16',
  q8: '8-bit quantized',
  'q-dynamic': 'dynamic bits',
  topk: 'top-k sparse',
  sketch: 'count sketch',
};
const TOPOLOGY_LABELS: Readonly<Record<TopologyKind, string>> = { 'two-trees': 'two trees (fan-out k)', ring: 'ring', exponential: 'exponential graph' };
const WAITING_TEXT = 'Controls wait for the room state from the server…';
const READY_TEXT = 'Controls unlocked by the admin token.';
/** After the teacher touches an input, the room state does not overwrite it for this long. */
const EDIT_GRACE_MS = 2_000;

export class ControlsView {
  readonly #loss: HTMLInputElement;
  readonly #lossValue: HTMLOutputElement;
  readonly #delayMean: HTMLInputElement;
  readonly #delayJitter: HTMLInputElement;
  readonly #pause: HTMLButtonElement;
  readonly #lock: HTMLButtonElement;
  readonly #algorithm: HTMLSelectElement;
  readonly #learningRate: HTMLInputElement;
  readonly #params: HTMLInputElement;
  readonly #compression: HTMLSelectElement;
  readonly #topology: HTMLSelectElement;
  readonly #fanOut: HTMLInputElement;
  readonly #dataset: HTMLSelectElement;
  readonly #model: HTMLSelectElement;
  readonly #status: HTMLElement;
  readonly #editedAt = new Map<HTMLElement, number>();
  #state: RoomState | null = null;

  constructor(
    container: HTMLElement,
    private readonly send: SendControl,
  ) {
    this.#loss = html('input', { type: 'range', id: 'loss-slider', min: LOSS_SLIDER.min, max: LOSS_SLIDER.max, step: LOSS_SLIDER.step, value: 0, 'aria-label': 'injected loss' });
    this.#lossValue = html('output', { for: 'loss-slider', id: 'loss-value' }, '0%');
    this.#delayMean = html('input', { type: 'number', id: 'delay-mean', min: 0, max: 5_000, step: 10, value: 0, 'aria-label': 'mean delay in ms' });
    this.#delayJitter = html('input', { type: 'number', id: 'delay-jitter', min: 0, max: 5_000, step: 10, value: 0, 'aria-label': 'delay jitter in ms' });
    this.#pause = html('button', { type: 'button', id: 'pause-button' }, 'Pause');
    const reset = html('button', { type: 'button', id: 'reset-button', title: 'start a new run with the same settings' }, 'Reset (new run)');
    this.#lock = html('button', { type: 'button', id: 'lock-button', title: 'a locked room refuses new tabs; its members keep their places (e.g. after removing a hostile tab, so it cannot rejoin under a new id)' }, 'Lock room');
    this.#algorithm = html('select', { id: 'algorithm-select', 'aria-label': 'algorithm' }, ...ALGORITHM_CHOICES.map((c) => html('option', { value: c.name }, c.label)));
    this.#learningRate = html('input', { type: 'number', id: 'learning-rate', min: 0.0001, max: 100, step: 0.005, value: 0.05, 'aria-label': 'learning rate' });
    this.#params = html('input', { type: 'text', id: 'hyper-params', size: 22, placeholder: 'defaults, e.g. stableDelay=20', 'aria-label': 'hyper-parameters', title: 'name=value, comma-separated: the algorithm’s own hyper-parameters (pnpm sim --help lists them)' });
    const startRun = html('button', { type: 'button', id: 'algorithm-apply' }, 'Start new run');
    this.#compression = html('select', { id: 'compression-select', 'aria-label': 'wire compression' }, ...COMPRESSOR_NAMES.map((n) => html('option', { value: n }, COMPRESSION_LABELS[n])));
    const applyCompression = html('button', { type: 'button', id: 'compression-apply', title: 'R-FAST only; starts a new run' }, 'Apply');
    this.#topology = html('select', { id: 'topology-select', 'aria-label': 'topology' }, ...TOPOLOGY_KINDS.map((k) => html('option', { value: k }, TOPOLOGY_LABELS[k])));
    this.#fanOut = html('input', { type: 'number', id: 'fan-out', min: 1, max: 8, step: 1, value: 2, 'aria-label': 'fan-out k' });
    const applyTopology = html('button', { type: 'button', id: 'topology-apply' }, 'Rebuild graphs');
    const applyDelay = html('button', { type: 'button', id: 'delay-apply' }, 'Apply delay');
    this.#dataset = html('select', { id: 'dataset-select', 'aria-label': 'dataset' }, ...DATASETS.map((d) => html('option', { value: d.name }, d.label)));
    this.#model = html('select', { id: 'model-select', 'aria-label': 'model' }, ...MODEL_NAMES.map((name) => html('option', { value: name }, name.toUpperCase())));
    const applyDataset = html('button', { type: 'button', id: 'dataset-apply', title: 'starts a new run' }, 'Train on it');
    this.#status = html('p', { id: 'control-status', role: 'status', class: 'status' }, WAITING_TEXT);

    container.append(
      html('h2', {}, 'Controls'),
      html('div', { class: 'control-row' }, html('label', { for: 'loss-slider' }, 'Packet loss'), this.#loss, this.#lossValue),
      html('div', { class: 'control-row' }, html('label', { for: 'delay-mean' }, 'Delay (ms)'), this.#delayMean, html('label', { for: 'delay-jitter' }, '± jitter'), this.#delayJitter, applyDelay),
      html('div', { class: 'control-row' }, this.#pause, reset, this.#lock),
      html('div', { class: 'control-row' }, html('label', { for: 'algorithm-select' }, 'Algorithm'), this.#algorithm, html('label', { for: 'learning-rate' }, 'η'), this.#learningRate),
      html('div', { class: 'control-row' }, html('label', { for: 'hyper-params' }, 'Hyper-parameters'), this.#params, startRun),
      html('div', { class: 'control-row' }, html('label', { for: 'compression-select' }, 'Compression (R-FAST)'), this.#compression, applyCompression),
      html('div', { class: 'control-row' }, html('label', { for: 'topology-select' }, 'Topology'), this.#topology, html('label', { for: 'fan-out' }, 'k'), this.#fanOut, applyTopology),
      html('div', { class: 'control-row' }, html('label', { for: 'dataset-select' }, 'Data'), this.#dataset, html('label', { for: 'model-select' }, 'model'), this.#model, applyDataset),
      html('p', { class: 'hint' }, 'Click an edge to set the loss of that one link; set a node’s slowdown in the table.'),
      this.#status,
    );

    this.#loss.addEventListener('input', () => {
      this.#touched(this.#loss);
      this.#lossValue.textContent = `${Math.round(Number(this.#loss.value) * 100)}%`;
      this.#submit('loss', globalLossAction(Number(this.#loss.value)));
    });
    applyDelay.addEventListener('click', () => this.#submit('delay', delayAction(this.#delayMean.valueAsNumber, this.#delayJitter.valueAsNumber)));
    this.#pause.addEventListener('click', () => this.#submit('run', simpleAction(this.#state?.paused === true ? 'resume' : 'pause')));
    reset.addEventListener('click', () => this.#submit('run', simpleAction('reset')));
    this.#lock.addEventListener('click', () => this.#submit('lock', lockAction(this.#state?.locked !== true)));
    startRun.addEventListener('click', () => {
      const name = this.#algorithm.value;
      if (this.#state === null || !isAlgorithmName(name)) return this.report(false, 'the room state is not known yet');
      const params = parseParamsText(this.#params.value, name);
      if (!params.ok) return this.report(false, `not sent: ${params.problem}`);
      this.#submit('algorithm', algorithmAction(this.#state, name, this.#learningRate.valueAsNumber, params.params));
    });
    // Each dataset has its models: another choice starts from its default model.
    this.#dataset.addEventListener('change', () => {
      const models = datasetEntry(this.#dataset.value)?.models;
      if (models !== undefined && !(models as readonly string[]).includes(this.#model.value)) this.#model.value = models[0];
      this.#touched(this.#model);
    });
    // Hyper-parameters belong to one algorithm: another choice starts from its defaults.
    this.#algorithm.addEventListener('change', () => {
      this.#params.value = '';
      this.#touched(this.#params);
    });
    applyCompression.addEventListener('click', () => {
      const name = this.#compression.value;
      if (this.#state === null || !isCompressorName(name)) return this.report(false, 'the room state is not known yet');
      this.#submit('compression', compressionAction(this.#state, name));
    });
    applyTopology.addEventListener('click', () => {
      const kind = TOPOLOGY_KINDS.find((k) => k === this.#topology.value) ?? 'two-trees';
      this.#submit('topology', topologyAction(kind, this.#fanOut.valueAsNumber));
    });
    applyDataset.addEventListener('click', () => this.#submit('dataset', datasetAction(this.#dataset.value, this.#model.value)));
    for (const input of [this.#delayMean, this.#delayJitter, this.#algorithm, this.#learningRate, this.#params, this.#compression, this.#topology, this.#fanOut, this.#dataset, this.#model]) {
      input.addEventListener('input', () => this.#touched(input));
    }
  }

  /** Follows the room state, leaving alone what the teacher is editing. */
  sync(state: RoomState): void {
    this.#state = state;
    const now = performance.now();
    const idle = (input: HTMLElement): boolean => now - (this.#editedAt.get(input) ?? -Infinity) > EDIT_GRACE_MS;
    if (idle(this.#loss)) {
      this.#loss.value = String(state.faults.loss.p);
      this.#lossValue.textContent = `${Math.round(state.faults.loss.p * 100)}%`;
    }
    if (idle(this.#delayMean)) this.#delayMean.value = String(state.faults.delay.meanMs);
    if (idle(this.#delayJitter)) this.#delayJitter.value = String(state.faults.delay.jitterMs);
    if (idle(this.#algorithm)) this.#algorithm.value = state.settings.algorithm.name;
    if (idle(this.#learningRate)) this.#learningRate.value = String(state.settings.algorithm.learningRate);
    if (idle(this.#params)) this.#params.value = describeParams(state.settings.algorithm.params);
    if (idle(this.#compression)) this.#compression.value = state.settings.compression.name;
    if (idle(this.#topology)) this.#topology.value = state.settings.topology.kind;
    if (idle(this.#fanOut)) this.#fanOut.value = String(state.settings.topology.fanOut);
    if (idle(this.#dataset)) this.#dataset.value = state.settings.dataset;
    if (idle(this.#model)) this.#model.value = state.settings.model;
    this.#pause.textContent = state.paused ? 'Resume' : 'Pause';
    this.#pause.dataset['paused'] = String(state.paused);
    this.#lock.textContent = state.locked ? 'Unlock room' : 'Lock room';
    this.#lock.dataset['locked'] = String(state.locked);
  }

  /** While the server's room state is not known (connecting, or reconnecting) the controls are off: say why. */
  waiting(on: boolean): void {
    if (on) this.report(true, WAITING_TEXT);
    else if (this.#status.textContent === WAITING_TEXT) this.report(true, READY_TEXT);
  }

  report(ok: boolean, message: string): void {
    this.#status.textContent = message;
    this.#status.classList.toggle('error', !ok);
  }

  #touched(input: HTMLElement): void {
    this.#editedAt.set(input, performance.now());
  }

  #submit(kind: string, action: Result<ControlAction>): void {
    if (!action.ok) return this.report(false, `not sent: ${action.error.message}`);
    this.send(kind, action.value);
  }
}
