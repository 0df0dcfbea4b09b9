/** The node page: status, problems, live plots and the links table, composed in one root element. */
import type { NodeStatus } from '../runner/status';
import { TrainingCharts } from './charts';
import { el } from './dom';
import { LinksTable } from './links-table';
import type { NameField } from './name-field';
import { ProblemList } from './problems';
import { StatusPanel } from './status-panel';

function downloadButton(): HTMLButtonElement {
  const button = el('button', { text: 'Download model', title: 'after the first held-out evaluation' });
  button.type = 'button';
  button.id = 'download-model';
  button.disabled = true;
  return button;
}

export class NodePage {
  readonly problems = new ProblemList();
  readonly #status = new StatusPanel();
  readonly #charts = new TrainingCharts();
  readonly #links = new LinksTable();
  readonly #backendDetails = el('p', { className: 'backend-details' });

  readonly #header = el('header', {}, [el('h1', { text: 'Canopy node' })]);
  readonly #download = downloadButton();
  readonly #downloadNote = el('span', { className: 'download-note' });

  constructor(root: HTMLElement) {
    root.replaceChildren(
      this.#header,
      this.problems.element,
      el('section', { className: 'overview' }, [this.#status.element]),
      this.#backendDetails,
      this.#charts.element,
      el('section', {}, [el('h2', { text: 'Links' }), this.#links.element]),
      el('section', { className: 'model-export' }, [el('h2', { text: 'Model' }), this.#download, this.#downloadNote]),
    );
  }

  /** Wires "Download model" (enabled once an evaluated model exists). */
  onDownload(handler: () => Promise<void>): void {
    this.#download.addEventListener('click', () => {
      this.#download.disabled = true;
      handler().then(
        () => {
          this.#downloadNote.textContent = ' saved model.json, weights.bin and canopy.json (load with tf.loadLayersModel)';
        },
        (error: unknown) => {
          this.#downloadNote.textContent = ` not saved: ${error instanceof Error ? error.message : String(error)}`;
        },
      ).finally(() => {
        this.#download.disabled = false;
      });
    });
  }

  /** What the next download holds. */
  modelReady(description: string): void {
    this.#download.disabled = false;
    this.#download.title = description;
  }

  /** The "Your name" field, once the page knows which name it joins with. */
  showNameField(field: NameField): void {
    this.#header.append(field.element);
  }

  update(status: NodeStatus): void {
    this.#status.update(status);
    this.#links.update(status.links);
  }

  addReport(status: NodeStatus): void {
    if (status.runId !== null) this.#charts.addReport(status.runId, status.loss, status.trainAccuracy);
  }

  addEvaluation(runId: number | null, accuracy: number, loss: number): void {
    this.#charts.addEvaluation(runId, accuracy, loss);
  }

  /** Which backends the calibration tried and how fast each was. */
  showBackendRanking(lines: readonly string[]): void {
    this.#backendDetails.textContent = lines.length === 0 ? '' : `Backend calibration: ${lines.join(' · ')}`;
  }
}
