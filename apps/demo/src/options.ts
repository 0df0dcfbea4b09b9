/** `pnpm demo` flags (commander), validated into DemoOptions before anything starts. */
import { ALGORITHM_NAMES, COMPRESSOR_NAMES, RoomNameSchema, TRAINING_TASKS, type CompressorName, type SignalingAlgorithmName } from '@canopy/protocol';
import { Command, InvalidArgumentError, Option } from 'commander';
import { catalogueHelp } from '../../../packages/algorithms/src/sim/cli/hyper-param-catalogue';
// --param is checked exactly as `pnpm sim` checks it (same catalogue, same messages).
import { PARAM_FORM, resolveParams, type ParamSetting } from '../../../packages/algorithms/src/sim/cli/param-setting';
import { paramSetting } from '../../../packages/algorithms/src/sim/cli/values';
import { DATASETS, datasetEntry } from '../../browser-node/src/training/data/datasets';
import { MODEL_NAMES } from '../../browser-node/src/training/model/names';
import { LAPTOP_ON_WIFI, type DeviceProfile } from '../../../packages/harness/src/device-testbed';

export const PROGRESS_MODES = ['auto', 'bar', 'lines', 'none'] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];

export interface DemoOptions {
  readonly tabs: number;
  readonly algo: SignalingAlgorithmName;
  /** The algorithm's hyper-parameters (the room's settings.algorithm.params); {} = its defaults. */
  readonly params: Readonly<Record<string, number>>;
  /** Wire compression of R-FAST messages (the room's settings.compression); other algorithms ignore it. */
  readonly compression: CompressorName;
  /** The room's dataset and model (default: MNIST digits, the MLP). */
  readonly dataset: string;
  readonly model: string;
  /** undefined: the room's default. */
  readonly lr: number | undefined;
  readonly batch: number | undefined;
  readonly loss: number;
  /** 1 = no straggler; otherwise one non-root tab steps this many times slower. */
  readonly straggler: number;
  /** Dirichlet α of the label skew; undefined = IID shards. */
  readonly nonIid: number | undefined;
  readonly duration: number;
  readonly room: string;
  readonly out: string;
  readonly target: number;
  readonly stopAtTarget: boolean;
  readonly json: string | undefined;
  readonly progress: ProgressMode;
  readonly build: boolean;
  /** Where to save the room's model at the end (undefined: not saved). */
  readonly save: string | undefined;
  /** Each tab on an emulated device of this profile (--devices; support/device-testbed.ts), or undefined. */
  readonly devices: DeviceProfile | undefined;
}

export const MAX_TABS = 16;

/** A combination of flags that commander cannot check alone. */
export class DemoUsageError extends Error {
  readonly reason = 'usage';
}

const number = (what: string, min: number, max: number, integer = false) => (raw: string): number => {
  const value = Number(raw);
  const ok = raw.trim() !== '' && Number.isFinite(value) && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (!ok) throw new InvalidArgumentError(`expected ${integer ? 'an integer' : 'a number'} ${what} in [${min}, ${max}], got "${raw}"`);
  return value;
};

const positive = (what: string, max: number) => (raw: string): number => {
  const value = number(what, 0, max)(raw);
  if (value === 0) throw new InvalidArgumentError(`expected ${what} > 0, got "${raw}"`);
  return value;
};

function roomName(raw: string): string {
  const parsed = RoomNameSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]?.message ?? 'invalid room name');
  return raw;
}

const IMAGE_TARGET = 0.9;

/** "Time to target" means the task's own target: the first training task on this data and model, else 90%. */
function defaultTarget(dataset: string, model: string): number {
  return TRAINING_TASKS.find((task) => task.dataset === dataset && task.model === model)?.target ?? IMAGE_TARGET;
}

export function demoProgram(): Command {
  return new Command()
    .name('pnpm demo')
    .description('Starts the signaling server and N headless Chromium tabs that train one model together, shows their progress and writes a report.')
    .option('--tabs <n>', 'number of tabs, each in its own browser context', number('of tabs', 1, MAX_TABS, true), 4)
    .addOption(new Option('--algo <name>', 'algorithm').choices(ALGORITHM_NAMES).default('rfast'))
    .option('--param <setting>', `hyper-parameter of --algo, ${PARAM_FORM} (repeatable; list below)`, paramSetting, [])
    .addOption(new Option('--compression <name>', 'wire compression of R-FAST messages (others ignore it)').choices(COMPRESSOR_NAMES).default('none'))
    .addOption(new Option('--dataset <name>', 'what the tabs train on').choices(DATASETS.map((d) => d.name)).default('mnist'))
    .addOption(new Option('--model <name>', 'the model they train (default: the dataset\'s first, e.g. mlp for MNIST, transformer for moby-dick)').choices([...MODEL_NAMES]))
    .option('--lr <eta>', `learning rate η (default: the dataset's: ${datasetEntry('mnist')?.learningRate} for the image sets, ${datasetEntry('moby-dick')?.learningRate} for moby-dick)`, positive('learning rate', 100))
    .option('--batch <n>', 'minibatch size (default: the dataset\'s: 32 for the image sets, 16 windows for moby-dick)', number('batch size', 1, 4096, true))
    .option('--loss <p>', 'fraction of data-channel messages dropped on purpose', number('loss', 0, 1), 0)
    .option('--straggler <factor>', 'slow one non-root tab down by this factor (1 = none)', number('straggler factor', 1, 1000), 1)
    .option('--non-iid <alpha>', 'label-skewed shards: Dirichlet α (small = very skewed; default: IID)', positive('α', 1e6))
    .option('--duration <seconds>', 'training time after every tab is ready', positive('duration', 24 * 3600), 90)
    .option('--room <name>', 'room name', roomName, 'demo')
    .option('--out <dir>', 'where the report, plot and CSV go', 'results/demo')
    .option('--target <accuracy>', `held-out accuracy for "time to target" (default: the task's: ${IMAGE_TARGET} for the image sets, ${defaultTarget('moby-dick', 'transformer')} next-character accuracy for moby-dick)`, number('target', 0, 1))
    .option('--stop-at-target', 'end as soon as the root tab reaches --target', false)
    .option('--json <file>', 'also write the whole result as JSON (the cluster benchmark reads it)')
    .addOption(new Option('--progress <mode>', 'live progress: bar (TTY), lines (plain), none').choices(PROGRESS_MODES).default('auto'))
    .option('--no-build', 'do not build the node page even when it looks stale')
    .option('--save <dir>', 'at the end, save the room\'s model (tfjs LayersModel + canopy.json) in DIR; check it with pnpm evaluate DIR')
    .option('--devices <n>', `N tabs, each on an emulated device: its own Chromium in its own cgroup and network namespace (Linux, root; default profile: ${LAPTOP_ON_WIFI.name})`, number('of devices', 1, MAX_TABS, true))
    .option('--device-cores <c>', 'CPU of each device, in cores', positive('cores', 2), LAPTOP_ON_WIFI.cores)
    .option('--device-mbit <m>', 'bandwidth of each device, each way, Mbit/s', positive('bandwidth', 10_000), LAPTOP_ON_WIFI.mbit)
    .option('--device-rtt <ms>', 'round trip between devices, ms (the room\'s injected delay, half each way)', number('RTT', 0, 10_000), LAPTOP_ON_WIFI.rttMs)
    .addHelpText('after', `\nHyper-parameters for --param (algo.name: meaning; accepted values):\n${catalogueHelp()}`)
    .exitOverride();
}

interface RawFlags {
  tabs: number;
  algo: SignalingAlgorithmName;
  param: ParamSetting[];
  compression: CompressorName;
  dataset: string;
  model?: string;
  lr?: number;
  batch?: number;
  loss: number;
  straggler: number;
  nonIid?: number;
  duration: number;
  room: string;
  out: string;
  target?: number;
  stopAtTarget: boolean;
  json?: string;
  progress: ProgressMode;
  build: boolean;
  save?: string;
  devices?: number;
  deviceCores: number;
  deviceMbit: number;
  deviceRtt: number;
}

/** `args` excludes node and the script (process.argv.slice(2)). Throws commander's errors on bad input. */
export function parseDemoArgs(args: readonly string[], program: Command = demoProgram()): DemoOptions {
  // `pnpm demo -- --tabs 2` forwards the `--` itself.
  const cleaned = args[0] === '--' ? args.slice(1) : args;
  program.parse([...cleaned], { from: 'user' });
  const f = program.opts<RawFlags>();
  const tabs = f.devices ?? f.tabs;
  if (f.devices !== undefined && args.some((a) => a === '--tabs')) throw new DemoUsageError('--devices N already sets the number of tabs (one per device): drop --tabs');
  if (f.straggler > 1 && tabs < 2) throw new DemoUsageError('--straggler needs at least 2 tabs (the root is never the slow one)');
  const models = datasetEntry(f.dataset)?.models ?? ['mlp'];
  const model = f.model ?? models[0];
  if (!(models as readonly string[]).includes(model)) throw new DemoUsageError(`--dataset ${f.dataset} trains with --model ${models.join(' or ')}, not ${model}`);
  const params = resolveParams(f.param, [f.algo]);
  if (!params.ok) throw new DemoUsageError(`option '--param': ${params.problem}`);
  return {
    tabs,
    algo: f.algo,
    params: params.value[f.algo] ?? {},
    compression: f.compression,
    dataset: f.dataset,
    model,
    lr: f.lr,
    batch: f.batch,
    loss: f.loss,
    straggler: f.straggler,
    nonIid: f.nonIid,
    duration: f.duration,
    room: f.room,
    out: f.out,
    target: f.target ?? defaultTarget(f.dataset, model),
    stopAtTarget: f.stopAtTarget,
    json: f.json,
    progress: f.progress,
    build: f.build,
    save: f.save,
    devices: f.devices === undefined ? undefined : { name: 'custom', cores: f.deviceCores, mbit: f.deviceMbit, rttMs: f.deviceRtt },
  };
}

/** The flags that reproduce `options` (the cluster benchmark builds its runs with this). */
export function toDemoArgs(options: DemoOptions): string[] {
  const { devices } = options;
  const size =
    devices === undefined
      ? ['--tabs', String(options.tabs)]
      : ['--devices', String(options.tabs), '--device-cores', String(devices.cores), '--device-mbit', String(devices.mbit), '--device-rtt', String(devices.rttMs)];
  const args = [...size, '--algo', options.algo, '--loss', String(options.loss)];
  args.push('--straggler', String(options.straggler), '--duration', String(options.duration), '--room', options.room);
  args.push('--out', options.out, '--target', String(options.target), '--progress', options.progress);
  for (const [name, value] of Object.entries(options.params)) args.push('--param', `${name}=${value}`);
  if (options.compression !== 'none') args.push('--compression', options.compression);
  args.push('--dataset', options.dataset, '--model', options.model);
  if (options.lr !== undefined) args.push('--lr', String(options.lr));
  if (options.batch !== undefined) args.push('--batch', String(options.batch));
  if (options.nonIid !== undefined) args.push('--non-iid', String(options.nonIid));
  if (options.stopAtTarget) args.push('--stop-at-target');
  if (options.json !== undefined) args.push('--json', options.json);
  if (!options.build) args.push('--no-build');
  return args;
}

export const defaultDemoOptions = (): DemoOptions => parseDemoArgs([]);
