/** Elements built in code (the Share dialog, the recorder): typed properties, text as text, never markup. */

/** An element with its properties set (typed, no markup), and its children. */
export function make<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
}
