import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { currentFacts, decideNamespace, IN_NETNS_ENV, namespaceCommand, onPath, type NamespaceFacts } from './netns';

const linuxRoot: NamespaceFacts = { platform: 'linux', uid: 0, alreadyInside: false, hasUnshare: true, hasIp: true };

describe('decideNamespace', () => {
  it('enters a namespace only on Linux, as root, with unshare and ip', () => {
    expect(decideNamespace(linuxRoot)).toEqual({ kind: 'enter' });
  });

  it('never re-enters once inside', () => {
    expect(decideNamespace({ ...linuxRoot, alreadyInside: true })).toEqual({ kind: 'inside' });
  });

  it.each([
    [{ platform: 'darwin' as const }, 'not Linux'],
    [{ platform: 'win32' as const, uid: undefined }, 'not Linux'],
    [{ uid: 1000 }, 'not root'],
    [{ hasUnshare: false }, 'missing'],
    [{ hasIp: false }, 'missing'],
  ])('runs directly when %o', (change, reason) => {
    const decision = decideNamespace({ ...linuxRoot, ...change });
    expect(decision.kind).toBe('direct');
    expect(decision.kind === 'direct' && decision.reason).toContain(reason);
  });
});

describe('namespaceCommand', () => {
  it('marks the inner process and passes the command through as positional arguments, unquoted', () => {
    const { file, args } = namespaceCommand(['/usr/bin/node', 'a b.ts', '--flag']);
    expect(file).toBe('unshare');
    expect(args.slice(0, 5)).toEqual(['-n', 'env', `${IN_NETNS_ENV}=1`, 'bash', '-c']);
    expect(args[5]).toContain('ip link add v0 type veth peer name v1');
    expect(args[5]).toMatch(/exec "\$0" "\$@"$/);
    expect(args.slice(6)).toEqual(['/usr/bin/node', 'a b.ts', '--flag']);
  });

  it('gives the command a veth address and no other interface than lo, where this machine allows it', () => {
    const decision = decideNamespace({ ...currentFacts(), alreadyInside: false });
    if (decision.kind !== 'enter') {
      // Not Linux/root here: the wrapper is not used, which is exactly what the decision says.
      expect(decision.kind).toBe('direct');
      return;
    }
    const { file, args } = namespaceCommand(['bash', '-c', 'echo "$CANOPY_IN_NETNS"; ip -o -4 addr show']);
    const out = execFileSync(file, args, { encoding: 'utf8' });
    const [marker, ...addresses] = out.trim().split('\n');
    expect(marker).toBe('1');
    const interfaces = addresses.map((line) => line.split(/\s+/)[1]);
    expect(interfaces.sort()).toEqual(['lo', 'v0']);
    expect(out).toContain('10.200.0.1/24');
  });
});

describe('onPath', () => {
  it('finds executables on the given PATH only', () => {
    expect(onPath('sh', '/bin:/usr/bin')).toBe(true);
    expect(onPath('sh', '/nonexistent-dir')).toBe(false);
  });
});
