/**
 * "Your name" on the node page: the name this tab shows on the dashboard, so a teacher can tell students apart.
 * Changing it reloads the page with ?name= (a rejoin under the new name) and remembers it for the next visit.
 */
import { DisplayNameSchema } from '@canopy/protocol';
import { el } from './dom';

export const REMEMBERED_NAME_KEY = 'canopy.displayName';

/** The name to use when the URL gives none: the remembered one if it is still valid. */
export function rememberedName(storage: Pick<Storage, 'getItem'> | undefined): string | undefined {
  const name = storage?.getItem(REMEMBERED_NAME_KEY) ?? null;
  return name !== null && DisplayNameSchema.safeParse(name).success ? name : undefined;
}

/** The page URL with `name` set (other parameters kept). */
export function urlWithName(href: string, name: string): string {
  const url = new URL(href);
  url.searchParams.set('name', name);
  return url.toString();
}

export class NameField {
  readonly element: HTMLFormElement;
  readonly #input: HTMLInputElement;
  readonly #error = el('span', { className: 'name-error' });

  constructor(current: string, onRename: (name: string) => void) {
    this.#input = el('input', { dataset: { field: 'name-input' } });
    Object.assign(this.#input, { type: 'text', value: current, maxLength: 64, required: true });
    const button = el('button', { text: 'Use this name' });
    button.type = 'submit';
    this.element = el('form', { className: 'name-field' }, [el('label', {}, [el('span', { text: 'Your name ' }), this.#input]), button, this.#error]);
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      const name = this.#input.value.trim();
      const parsed = DisplayNameSchema.safeParse(name);
      if (!parsed.success || name === '') {
        this.#error.textContent = ' 1–64 characters, no control characters.';
        return;
      }
      this.#error.textContent = '';
      if (name !== current) onRename(name);
    });
  }
}
