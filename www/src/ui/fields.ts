/**
 * One control per URL key: a labelled select or text box that shows the key's current value
 * and validates an edit with the URL table's own parser, so a control accepts exactly what a
 * link accepts. Messages are text (textContent), never HTML.
 */

import { KEYS, formatValue, type Key, type UrlState } from "../state/url";

/** What a field needs from the panel it sits in. */
export interface FieldContext {
  /** The state the page runs now. */
  state(): UrlState;
  /**
   * Asks for `key` = `value`; returns why it cannot be (a rule between keys), or null once
   * applied. `typing`: one of a burst of edits, coalesced into one history entry.
   */
  commit<K extends Key>(key: K, value: UrlState[K], typing: boolean): string | null;
}

/** A control that can show a state. */
export interface Field {
  readonly row: HTMLElement;
  /** Shows the state's value (unless the user is editing this control) and hides the row where it is irrelevant. */
  show(state: UrlState): void;
}

type Visible = (state: UrlState) => boolean;

/** After the last keystroke, an edit waits this long before it restarts the run. */
const TYPING_DELAY_MS = 350;

/** `<label>` text + control + an error line, in one row. */
export function row(labelText: string, control: HTMLElement, id: string, title = ""): { row: HTMLDivElement; error: HTMLElement } {
  const wrapper = document.createElement("div");
  wrapper.className = "field";
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = labelText;
  if (title) label.title = title;
  control.id = id;
  const error = document.createElement("p");
  error.className = "field-error";
  error.id = `${id}-error`;
  error.setAttribute("aria-live", "polite");
  control.setAttribute("aria-describedby", error.id);
  wrapper.append(label, control, error);
  return { row: wrapper, error };
}

/** Shows (or clears) a control's error. */
export function setError(control: HTMLElement, error: HTMLElement, message: string | null): void {
  error.textContent = message ?? "";
  if (message) control.setAttribute("aria-invalid", "true");
  else control.removeAttribute("aria-invalid");
}

/** A select among a key's words, each with a readable label. */
export function selectField<K extends Key>(
  context: FieldContext,
  key: K,
  label: string,
  options: ReadonlyArray<readonly [UrlState[K] & string, string]>,
  visible: Visible = () => true,
): Field {
  const select = document.createElement("select");
  for (const [value, text] of options) select.append(new Option(text, value));
  const { row: element, error } = row(label, select, `set-${key}`, KEYS[key].doc);
  // Long option texts get the row's full width, under their label.
  if (options.some(([, text]) => text.length > 16)) element.classList.add("stacked");
  select.addEventListener("change", () => {
    const parsed = KEYS[key].parse(select.value);
    if (!parsed.ok) return;
    setError(select, error, context.commit(key, parsed.value as UrlState[K], false));
  });
  return {
    row: element,
    show(state) {
      element.hidden = !visible(state);
      select.value = formatValue(key, state[key]);
      setError(select, error, null);
    },
  };
}

/**
 * A text box for a number or a list. It says at once when the text is not valid; a valid
 * edit is applied once typing pauses, or at once on Enter or leaving the box.
 */
export function textField<K extends Key>(
  context: FieldContext,
  key: K,
  label: string,
  options: { visible?: Visible; mode?: "decimal" | "numeric" | "text"; placeholder?: string; empty?: string } = {},
): Field {
  const input = document.createElement("input");
  input.type = "text";
  input.inputMode = options.mode ?? "decimal";
  input.spellcheck = false;
  input.autocomplete = "off";
  if (options.placeholder) input.placeholder = options.placeholder;
  const { row: element, error } = row(label, input, `set-${key}`, KEYS[key].doc);
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** The value of the text, or null after showing why it is not one. */
  const read = (): UrlState[K] | null => {
    const text = input.value.trim();
    const parsed = KEYS[key].parse(text === "" && options.empty !== undefined ? options.empty : text);
    if (!parsed.ok) {
      setError(input, error, `Expected ${parsed.expected}.`);
      return null;
    }
    setError(input, error, null);
    return parsed.value as UrlState[K];
  };
  const apply = (typing: boolean) => {
    clearTimeout(timer);
    const value = read();
    if (value === null) return;
    if (formatValue(key, value) === formatValue(key, context.state()[key])) return;
    setError(input, error, context.commit(key, value, typing));
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    if (read() !== null) timer = setTimeout(() => apply(true), TYPING_DELAY_MS);
  });
  input.addEventListener("change", () => apply(true));
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") apply(true);
  });

  return {
    row: element,
    show(state) {
      element.hidden = !(options.visible ?? (() => true))(state);
      // Never overwrite what the user is typing; everything else shows the state.
      if (document.activeElement === input) return;
      input.value = formatValue(key, state[key]);
      setError(input, error, null);
    },
  };
}

/** A `<fieldset>` with a legend, holding fields. */
export function group(title: string, id: string, ...children: HTMLElement[]): HTMLFieldSetElement {
  const fieldset = document.createElement("fieldset");
  fieldset.className = "group";
  fieldset.id = id;
  const legend = document.createElement("legend");
  legend.textContent = title;
  fieldset.append(legend, ...children);
  return fieldset;
}

/** A short explanatory line inside a group. */
export function note(text: string, className = "note"): HTMLParagraphElement {
  const p = document.createElement("p");
  p.className = className;
  p.textContent = text;
  return p;
}
