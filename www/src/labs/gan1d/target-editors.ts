/**
 * The editors of the targets that are more than a number or two: the mixture's components,
 * and the user's own data (pasted, or read from a file).
 */

import { KEYS, formatValue, type UrlState } from "../../state/url";
import { MAX_FILE_BYTES, parseUserData } from "./user-data";
import type { MixtureComponent } from "../../protocol";
import { setError, type Field, type FieldContext } from "../../ui/fields";

/** Most mixture components (the URL table's limit). */
const MAX_COMPONENTS = 5;
const TYPING_DELAY_MS = 350;
/** What a new component starts as. */
const NEW_COMPONENT: MixtureComponent = [1, 0, 1];

/** A table of components, one row each (weight, μ, σ), with add and remove buttons. */
export function mixtureEditor(context: FieldContext, visible: (state: UrlState) => boolean): Field {
  const root = document.createElement("div");
  root.className = "field mixture";
  root.id = "mixture-editor";
  const caption = document.createElement("p");
  caption.className = "field-label";
  caption.textContent = "Components: weight, mean μ, std σ";
  caption.title = KEYS.mixture.doc;
  const rows = document.createElement("div");
  rows.className = "mixture-rows";
  const add = document.createElement("button");
  add.type = "button";
  add.id = "mixture-add";
  add.textContent = "Add component";
  add.title = `Add a Gaussian component (up to ${MAX_COMPONENTS})`;
  const error = document.createElement("p");
  error.className = "field-error";
  error.id = "mixture-error";
  error.setAttribute("aria-live", "polite");
  root.append(caption, rows, add, error);
  let timer: ReturnType<typeof setTimeout> | undefined;

  const cells = () => [...rows.querySelectorAll<HTMLInputElement>("input")];
  /** The components in the cells, or null after showing why they are not valid. */
  const read = (): MixtureComponent[] | null => {
    const values = cells().map((cell) => cell.value.trim());
    const text: string[] = [];
    for (let i = 0; i < values.length; i += 3) text.push(values.slice(i, i + 3).join(":"));
    const parsed = KEYS.mixture.parse(text.join(","));
    setError(rows, error, parsed.ok ? null : `Expected ${parsed.expected}.`);
    return parsed.ok ? parsed.value : null;
  };
  const commit = (mixture: MixtureComponent[], typing: boolean) => {
    clearTimeout(timer);
    if (formatValue("mixture", mixture) === formatValue("mixture", context.state().mixture)) return;
    setError(rows, error, context.commit("mixture", mixture, typing));
  };
  const build = (mixture: MixtureComponent[]) => {
    rows.replaceChildren(
      ...mixture.map((component, i) => {
        const line = document.createElement("div");
        line.className = "mixture-row";
        const names = ["weight", "mean", "std"] as const;
        names.forEach((name, j) => {
          const input = document.createElement("input");
          input.type = "text";
          input.inputMode = "decimal";
          input.id = `mixture-${i}-${name}`;
          input.setAttribute("aria-label", `component ${i + 1} ${name === "std" ? "σ" : name === "mean" ? "μ" : "weight"}`);
          input.value = String(component[j]);
          line.append(input);
        });
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "icon";
        remove.textContent = "×";
        remove.title = `Remove component ${i + 1}`;
        remove.setAttribute("aria-label", `Remove component ${i + 1}`);
        remove.disabled = mixture.length <= 1;
        remove.addEventListener("click", () =>
          commit(
            mixture.filter((_, k) => k !== i),
            false,
          ),
        );
        line.append(remove);
        return line;
      }),
    );
    add.disabled = mixture.length >= MAX_COMPONENTS;
  };

  rows.addEventListener("input", () => {
    clearTimeout(timer);
    const mixture = read();
    if (mixture) timer = setTimeout(() => commit(mixture, true), TYPING_DELAY_MS);
  });
  rows.addEventListener("change", () => {
    const mixture = read();
    if (mixture) commit(mixture, true);
  });
  add.addEventListener("click", () => {
    const current = context.state().mixture;
    if (current.length < MAX_COMPONENTS) commit([...current, NEW_COMPONENT], false);
  });

  return {
    row: root,
    show(state) {
      root.hidden = !visible(state);
      // Rebuilding would lose what the user is typing in a cell.
      if (rows.contains(document.activeElement) && cells().length === state.mixture.length * 3) return;
      build(state.mixture);
      setError(rows, error, null);
    },
  };
}

/** The user's data as the page keeps it. */
export interface LoadedData {
  values: Float32Array;
  /** Where it came from, e.g. `heights.csv` or `pasted numbers`. */
  source: string;
  /** What was used and what was skipped (bad lines with their numbers). */
  summary: string;
}

/** Paste numbers or pick a file; the result, and any bad lines, are said beside it. */
export function dataEditor(loaded: () => LoadedData | null, use: (data: LoadedData) => void): { element: HTMLElement; show(visible: boolean): void } {
  const root = document.createElement("div");
  root.className = "field data";
  root.id = "data-editor";
  const label = document.createElement("label");
  label.htmlFor = "data-text";
  label.textContent = "Paste numbers (commas, spaces or one per line; a header line is fine)";
  const text = document.createElement("textarea");
  text.id = "data-text";
  text.rows = 4;
  text.spellcheck = false;
  text.placeholder = "e.g.\n1.2, 3.4, 2.2\n5.0";
  const buttons = document.createElement("div");
  buttons.className = "data-buttons";
  const useText = document.createElement("button");
  useText.type = "button";
  useText.id = "data-use";
  useText.textContent = "Use these numbers";
  useText.title = "Train G to produce the distribution of these numbers";
  const fileLabel = document.createElement("label");
  fileLabel.className = "file";
  fileLabel.textContent = "or a CSV/text file: ";
  const file = document.createElement("input");
  file.type = "file";
  file.id = "data-file";
  file.accept = ".csv,.txt,.tsv,.dat,text/plain,text/csv";
  fileLabel.append(file);
  buttons.append(useText, fileLabel);
  const status = document.createElement("p");
  status.className = "data-status";
  status.id = "data-status";
  status.setAttribute("role", "status");
  root.append(label, text, buttons, status);

  const say = (message: string, tone: "ok" | "warning" | "error") => {
    status.textContent = message;
    status.dataset.tone = tone;
  };
  const take = (content: string, source: string) => {
    const result = parseUserData(content);
    if (!result.ok) {
      // The previous data and settings stay as they were.
      say(`${source}: ${result.message}`, "error");
      return;
    }
    const data = { values: result.values, source, summary: `${source}: ${result.summary}` };
    say(data.summary, result.badCount > 0 || result.header ? "warning" : "ok");
    use(data);
  };
  useText.addEventListener("click", () => take(text.value, "Pasted numbers"));
  file.addEventListener("change", () => {
    const chosen = file.files?.[0];
    file.value = "";
    if (!chosen) return;
    if (chosen.size > MAX_FILE_BYTES) {
      say(
        `${chosen.name}: the file is ${(chosen.size / 2 ** 20).toFixed(0)} MB; the page reads files up to ${MAX_FILE_BYTES / 2 ** 20} MB. Nothing was changed.`,
        "error",
      );
      return;
    }
    chosen.text().then(
      (content) => take(content, chosen.name),
      (error: unknown) => say(`${chosen.name}: could not be read (${String(error)}). Nothing was changed.`, "error"),
    );
  });

  return {
    element: root,
    show(visible) {
      root.hidden = !visible;
      const data = loaded();
      if (visible && !status.textContent) {
        say(data ? data.summary : "No data yet: until you give some, G keeps learning the previous target.", data ? "ok" : "warning");
      }
    },
  };
}
