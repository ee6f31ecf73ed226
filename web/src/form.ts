// Form markup: a labelled input (or select) with its message slot `#msg-NAME` beside it.

export interface FieldSpec {
  name: string;
  label: string;
  /** Choices for a select; a text input otherwise. */
  options?: readonly string[];
  hint?: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export function fieldsHtml(fields: readonly FieldSpec[], prefix = ''): string {
  return fields.map((f) => {
    const id = `f-${prefix}${f.name}`;
    const control = f.options
      ? `<select id="${id}" name="${prefix}${f.name}">${f.options.map((o) => `<option value="${esc(o)}">${esc(o)}</option>`).join('')}</select>`
      : `<input id="${id}" name="${prefix}${f.name}" inputmode="decimal" autocomplete="off" spellcheck="false"${f.hint ? ` placeholder="${esc(f.hint)}"` : ''}>`;
    return `<div class="field"><label for="${id}">${esc(f.label)}</label>${control}`
      + `<span class="msg" id="msg-${prefix}${f.name}" role="status" aria-live="polite"></span></div>`;
  }).join('');
}

/** Current values of the named controls under `root`. */
export function readFields<F extends string>(root: ParentNode, names: readonly F[], prefix = ''): Record<F, string> {
  const out = {} as Record<F, string>;
  for (const n of names) out[n] = root.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${prefix}${n}"]`)?.value ?? '';
  return out;
}

export function writeFields<F extends string>(root: ParentNode, values: Record<F, string>, prefix = ''): void {
  for (const [n, v] of Object.entries(values) as [F, string][]) {
    const el = root.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${prefix}${n}"]`);
    if (el) el.value = v;
  }
}
