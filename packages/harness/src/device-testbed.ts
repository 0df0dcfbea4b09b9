/**
 * An emulated multi-device testbed on one machine: each device is a Chromium of its own, in its own cgroup
 * (cgroup v1 `cpu`: a CFS quota, e.g. 0.2 core) and its own network namespace, whose veth joins a bridge in
 * the namespace this process runs in (where the server listens), each direction capped by a `tbf` qdisc.
 * Latency is not a kernel job here (`netem` is not in this kernel): the profile's RTT is applied by the
 * room's fault layer (half each way), see `roomDelayMs`. Needs Linux, root, iproute2 and the cgroup v1 cpu
 * controller; `testbedProblem` says which is missing instead of falling back to shared cores.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disableIpv6 } from './isolated-hosts';

export interface DeviceProfile {
  readonly name: string;
  /** CPU share of one core (0.2 = 20 ms of CPU every 100 ms, the whole browser together). */
  readonly cores: number;
  /** Each way, megabits per second. */
  readonly mbit: number;
  /** Round trip between two devices, milliseconds (added by the room's fault layer). */
  readonly rttMs: number;
}

/** A laptop on Wi-Fi: 8 of them fit in 1.6 of this machine's 2 cores. */
export const LAPTOP_ON_WIFI: DeviceProfile = { name: 'laptop on Wi-Fi', cores: 0.2, mbit: 50, rttMs: 20 };

export interface Device {
  readonly index: number;
  readonly namespace: string;
  readonly address: string;
  /** cgroup v1 directory holding this device's whole browser. */
  readonly cgroup: string;
  /** Starts `chromium` with its arguments inside this device's cgroup and namespace. */
  readonly chromiumLauncher: string;
}

export interface DeviceTestbed {
  readonly profile: DeviceProfile;
  readonly devices: readonly Device[];
  /** The server's address on the devices' bridge. */
  readonly serverAddress: string;
  /** Processes currently in a device's cgroup. */
  processesOf(device: Device): number[];
  /** How often the device's quota stopped it (cpu.stat nr_throttled): > 0 once it has worked hard. */
  throttledPeriods(device: Device): number;
  /** The device's egress qdisc, as `tc` prints it. */
  qdiscOf(device: Device): string;
  remove(): void;
}

const CPU_CGROUP = '/sys/fs/cgroup/cpu';
const CFS_PERIOD_US = 100_000;

/** Why this machine cannot host the testbed, or undefined when it can. */
export function testbedProblem(): string | undefined {
  if (process.platform !== 'linux') return `the device testbed needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'the device testbed needs root (network namespaces, cgroups, tc)';
  for (const tool of ['ip', 'tc']) {
    try {
      execFileSync(tool, ['-V'], { stdio: 'ignore' });
    } catch {
      return `the device testbed needs \`${tool}\` (Debian: apt-get install iproute2)`;
    }
  }
  try {
    accessSync(join(CPU_CGROUP, 'cpu.cfs_quota_us'), constants.W_OK);
  } catch {
    return `the device testbed needs the cgroup v1 cpu controller at ${CPU_CGROUP} (writable cpu.cfs_quota_us)`;
  }
  return undefined;
}

/** The room's injected delay for a profile: half the RTT each way. */
export function roomDelayMs(profile: DeviceProfile): number {
  return profile.rttMs / 2;
}

const run = (tool: string, ...args: string[]): string => execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** tbf on `dev` (egress): the rate, a burst of 10 ms at that rate (≥ one MTU), a 50 ms queue. */
function shape(tool: (...args: string[]) => string, dev: string, mbit: number): void {
  const burstBytes = Math.max(1600, Math.round((mbit * 1e6) / 8 / 100));
  tool('qdisc', 'add', 'dev', dev, 'root', 'tbf', 'rate', `${mbit}mbit`, 'burst', String(burstBytes), 'latency', '50ms');
}

/** `count` devices on 10.<subnet>.0.0/24: the server side of the bridge is .1, device i is .(10 + i). */
export function createDeviceTestbed(count: number, profile: DeviceProfile, chromium: string, subnet = 210): DeviceTestbed {
  const problem = testbedProblem();
  if (problem !== undefined) throw new Error(problem);
  if (!(profile.cores > 0 && profile.cores <= 64)) throw new RangeError(`cores must be in (0, 64], got ${profile.cores}`);
  if (!(profile.mbit > 0)) throw new RangeError(`mbit must be > 0, got ${profile.mbit}`);
  const tag = `${process.pid % 10_000}`;
  const bridge = `cbr${tag}`;
  const serverAddress = `10.${subnet}.0.1`;
  const scripts = mkdtempSync(join(tmpdir(), 'canopy-devices-'));
  const devices: Device[] = [];
  const remove = (): void => {
    for (const device of devices) {
      try {
        run('ip', 'netns', 'delete', device.namespace); // takes both ends of its veth with it
      } catch {
        // already gone
      }
      // A cgroup can be removed once its processes have exited (the browsers are closed first).
      try {
        if (existsSync(device.cgroup)) rmdirSync(device.cgroup);
      } catch {
        // still busy: left for the next run's cleanup, harmless
      }
    }
    try {
      run('ip', 'link', 'delete', bridge);
    } catch {
      // never created
    }
    rmSync(scripts, { recursive: true, force: true });
  };
  try {
    run('ip', 'link', 'add', bridge, 'type', 'bridge');
    run('ip', 'addr', 'add', `${serverAddress}/24`, 'dev', bridge);
    run('ip', 'link', 'set', bridge, 'up');
    for (let i = 0; i < count; i++) {
      const namespace = `canopy-${tag}-d${i}`;
      const outside = `cd${tag}d${i}`;
      const address = `10.${subnet}.0.${10 + i}`;
      const cgroup = join(CPU_CGROUP, `canopy-${tag}-d${i}`);
      const chromiumLauncher = join(scripts, `chromium-d${i}`);
      run('ip', 'netns', 'add', namespace);
      devices.push({ index: i, namespace, address, cgroup, chromiumLauncher });
      run('ip', 'link', 'add', outside, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', namespace);
      run('ip', 'link', 'set', outside, 'master', bridge);
      run('ip', 'link', 'set', outside, 'up');
      disableIpv6(namespace);
      run('ip', '-n', namespace, 'link', 'set', 'lo', 'up');
      run('ip', '-n', namespace, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
      run('ip', '-n', namespace, 'link', 'set', 'eth0', 'up');
      run('ip', '-n', namespace, 'route', 'add', 'default', 'via', serverAddress);
      // Download: the bridge side's egress towards the device; upload: the device's own egress.
      shape((...args) => run('tc', ...args), outside, profile.mbit);
      shape((...args) => run('ip', 'netns', 'exec', namespace, 'tc', ...args), 'eth0', profile.mbit);
      mkdirSync(cgroup, { recursive: true });
      writeFileSync(join(cgroup, 'cpu.cfs_period_us'), String(CFS_PERIOD_US));
      writeFileSync(join(cgroup, 'cpu.cfs_quota_us'), String(Math.round(profile.cores * CFS_PERIOD_US)));
      // The shell joins the cgroup first, so every process Chromium starts (renderers, GPU, network service) is in it.
      writeFileSync(chromiumLauncher, `#!/bin/sh\necho $$ > ${join(cgroup, 'cgroup.procs')}\nexec ip netns exec ${namespace} ${chromium} "$@"\n`);
      chmodSync(chromiumLauncher, 0o755);
    }
  } catch (error) {
    remove();
    throw error;
  }
  return {
    profile,
    devices,
    serverAddress,
    processesOf: (device) =>
      readFileSync(join(device.cgroup, 'cgroup.procs'), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map(Number),
    throttledPeriods: (device) => Number(/nr_throttled (\d+)/.exec(readFileSync(join(device.cgroup, 'cpu.stat'), 'utf8'))?.[1] ?? 0),
    qdiscOf: (device) => run('ip', 'netns', 'exec', device.namespace, 'tc', 'qdisc', 'show', 'dev', 'eth0'),
    remove,
  };
}
