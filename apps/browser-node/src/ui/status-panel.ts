/** The node's identity and training state as a definition list, updated in place. */
import type { NodeStatus, TreeRole } from '../runner/status';
import { roleName } from '../runner/status';
import { SAMPLE_PROMPT } from '../training/sample-prompt';
import { el } from './dom';
import { DASH, formatCount, formatHeldOutBits, formatMs, formatNumber, formatPercent } from './format';

const FIELDS = [
  ['room', 'Room'],
  ['name', 'Name (as the dashboard shows it)'],
  ['peer', 'Peer id'],
  ['connection', 'Signaling'],
  ['epoch', 'Epoch'],
  ['run', 'Run'],
  ['resumed', 'Started from'],
  ['algorithm', 'Algorithm'],
  ['data', 'Data / model'],
  ['pull', 'Model tree (G_R)'],
  ['push', 'Tracker tree (G_C)'],
  ['backend', 'Backend'],
  ['stepMs', 'Step time'],
  ['step', 'Step'],
  ['loss', 'Train loss'],
  ['trainAccuracy', 'Train accuracy'],
  ['heldOutAccuracy', 'Held-out accuracy (next character for text)'],
  ['heldOutBits', 'Held-out loss (bits; per character and perplexity for text)'],
  ['sample', 'Sample from this model'],
  ['staleness', 'Staleness (sender steps)'],
  ['informationAge', 'Information age (steps: depth × round trip)'],
  ['delayScale', 'Step scale (message gaps, information age)'],
  ['drops', 'Injected drops'],
  ['malformed', 'Malformed / stale'],
  ['skipped', 'Skipped gradients (NaN/Inf)'],
  ['recoveries', 'Recoveries (model blew up)'],
  ['quarantined', 'Quarantined links (hostile values)'],
  ['straggler', 'Straggler factor'],
  ['state', 'State'],
] as const;

type Field = (typeof FIELDS)[number][0];

export class StatusPanel {
  readonly element: HTMLDListElement;
  readonly #values = new Map<Field, HTMLElement>();

  constructor() {
    this.element = el('dl', { className: 'status' });
    for (const [field, label] of FIELDS) {
      const value = el('dd', { dataset: { field } });
      this.#values.set(field, value);
      this.element.append(el('dt', { text: label }), value);
    }
  }

  update(status: NodeStatus): void {
    const roles = status.roles;
    this.#set('room', status.room);
    this.#set('name', status.displayName);
    this.#set('peer', status.peerId ?? DASH);
    this.#set('connection', status.connection);
    this.#set('epoch', status.epoch === null ? DASH : String(status.epoch));
    this.#set('run', status.runId === null ? DASH : String(status.runId));
    // Every tab had left (or the server restarted): the run went on from the room's checkpoint, not from scratch.
    this.#set('resumed', status.resumedFrom === null ? 'the start (or a neighbour\'s model)' : `${status.resumedFrom.source === 'local' ? 'this tab\'s saved copy' : 'the room checkpoint'} (step ${formatCount(status.resumedFrom.step)})`);
    this.#set('algorithm', status.algorithm ?? DASH);
    this.#set('data', status.dataset === null ? DASH : `${status.dataset} / ${status.model ?? DASH}`);
    this.#set('pull', roles === null ? DASH : describeRole(roles.pull));
    this.#set('push', roles === null ? DASH : describeRole(roles.push));
    this.#set('backend', status.backend ?? DASH);
    this.#set('stepMs', formatMs(status.stepMs));
    this.#set('step', formatCount(status.step));
    this.#set('loss', formatNumber(status.loss));
    this.#set('trainAccuracy', formatPercent(status.trainAccuracy));
    this.#set('heldOutAccuracy', formatPercent(status.heldOutAccuracy));
    this.#set('heldOutBits', formatHeldOutBits(status.heldOutLoss, status.model === 'transformer'));
    this.#set('sample', status.sample === null ? (status.model === 'transformer' ? 'after the first evaluation' : 'text models only') : `${SAMPLE_PROMPT}${status.sample}`);
    this.#set('staleness', status.staleness === null ? DASH : status.staleness.toFixed(2));
    this.#set('informationAge', status.informationAge === null || status.informationAge === 0 ? DASH : status.informationAge.toFixed(0));
    this.#set('delayScale', status.delayScale === 1 ? 'full step' : `×${status.delayScale.toFixed(2)}`);
    this.#set('drops', formatCount(status.injectedDrops));
    this.#set('malformed', `${formatCount(status.malformedFrames)} / ${formatCount(status.staleMessages)}`);
    this.#set('skipped', formatCount(status.skippedGradients));
    this.#set('recoveries', formatCount(status.recoveries));
    this.#set('quarantined', status.quarantined.length === 0 ? 'none' : status.quarantined.join(', '));
    this.#set('straggler', status.stragglerFactor === 1 ? 'none' : `×${status.stragglerFactor}`);
    this.#set('state', status.error ?? (status.paused ? 'paused' : (status.waiting ?? 'training')));
  }

  #set(field: Field, text: string): void {
    const value = this.#values.get(field);
    if (value !== undefined && value.textContent !== text) value.textContent = text;
  }
}

/** "root · children: p2, p3" / "inner · parent: p1 · children: p4" / "leaf · parent: p1". */
export function describeRole(role: TreeRole): string {
  const parts: string[] = [roleName(role)];
  if (role.parents.length > 0) parts.push(`${role.parents.length === 1 ? 'parent' : 'parents'}: ${role.parents.join(', ')}`);
  if (role.children.length > 0) parts.push(`children: ${role.children.join(', ')}`);
  return parts.join(' · ');
}
