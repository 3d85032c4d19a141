/** The page's message area: dismissible notices, built with textContent only (never innerHTML). */

export type Tone = "warning" | "error" | "info";

export interface MessageAction {
  label: string;
  run: () => void;
}

export class Messages {
  constructor(private readonly root: HTMLElement) {}

  /** Shows a message; returns a function that removes it. */
  show(text: string, tone: Tone, action?: MessageAction): () => void {
    const item = document.createElement("div");
    item.className = `message ${tone}`;
    item.setAttribute("role", tone === "error" ? "alert" : "status");
    const body = document.createElement("span");
    body.textContent = text;
    item.append(body);
    const remove = () => item.remove();
    if (action) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = action.label;
      button.addEventListener("click", () => {
        remove();
        action.run();
      });
      item.append(button);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.className = "dismiss";
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "×";
    close.addEventListener("click", remove);
    item.append(close);
    this.root.append(item);
    return remove;
  }

  clear(): void {
    this.root.replaceChildren();
  }
}
