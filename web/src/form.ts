// Form parts with their labels, hints and error messages wired for assistive technology.
import { h, replace, type Attrs } from './dom';

/** A labelled input with an optional hint; its id names it. */
export function field(id: string, label: string, input: Attrs, hint?: string): HTMLElement {
  const hintId = hint ? `${id}-hint` : undefined;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, name: id, ...input, 'aria-describedby': hintId }),
    hint && h('p', { class: 'hint', id: hintId }, hint),
  );
}

/** The message area of a form: shows one problem (role alert) or nothing. */
export function formMessage(): { element: HTMLElement; show(text: string): void; clear(): void } {
  const element = h('div', { class: 'form-message', 'aria-live': 'assertive' });
  return {
    element,
    show: (text) => replace(element, h('p', { class: 'notice bad', role: 'alert' }, text)),
    clear: () => replace(element),
  };
}

/** Marks `button` busy with `busyLabel` while `work` runs, then puts it back. */
export async function whileBusy<T>(button: HTMLButtonElement, busyLabel: string, work: () => Promise<T>): Promise<T> {
  const label = button.textContent ?? '';
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = busyLabel;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = label;
  }
}

/** The value of the named control of `form`. */
export const valueOf = (form: HTMLFormElement, name: string): string =>
  ((form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '').trim();
