/**
 * The Share dialog's "Offline" section: what this device keeps for offline use (the service
 * worker keeps what the page has used: ../offline.ts), and **Save everything for offline** for
 * a lecturer before class — every lab, its images and every build, so that the room's laptop
 * opens any demo without a network. The section says how much is kept, shows the download's
 * progress, and says when it is done or why it failed.
 */

import type { Kept, OfflineStore } from "../offline";
import { formatBytes } from "../record/clip";
import { make } from "../dom";
import type { ShareSection } from "./share-dialog";

export class OfflineSection implements ShareSection {
  readonly element: HTMLElement;
  private readonly status = make("p", { id: "save-offline-status", className: "share-note record-note" });
  private readonly progress = make("progress", { id: "save-offline-progress", max: 1, value: 0, hidden: true });
  private readonly button = make("button", { id: "save-offline", type: "button", textContent: "Save everything for offline" });
  private saving = false;

  constructor(
    private readonly store: OfflineStore | null,
    private readonly notify: (text: string, tone: "info" | "error") => void,
  ) {
    this.status.setAttribute("aria-live", "polite");
    this.progress.setAttribute("aria-label", "Saved for offline");
    this.button.addEventListener("click", () => void this.saveEverything());
    this.element = make(
      "section",
      { id: "offline-section", className: "share-section" },
      make("h3", { id: "offline-title", textContent: "Offline" }),
      make(
        "p",
        { className: "share-note record-note" },
        "This device keeps what it has used for offline use. Before a class without a network, save everything: every lab with its images, and the builds for WebGPU and for the CPU.",
      ),
      make("div", { className: "share-row" }, this.button, this.progress),
      this.status,
    );
    this.element.setAttribute("aria-labelledby", "offline-title");
    if (!store) {
      this.button.disabled = true;
      this.status.textContent = "Offline use needs the built site (npm start serves it) in a browser with service workers.";
    }
  }

  opened(): void {
    if (!this.store || this.saving) return;
    this.store.kept().then(
      (kept) => (this.status.textContent = describe(kept)),
      (error: unknown) => (this.status.textContent = `Nothing is kept yet: ${message(error)}.`),
    );
  }

  private async saveEverything(): Promise<void> {
    if (!this.store || this.saving) return;
    this.saving = true;
    this.button.disabled = true;
    this.progress.hidden = false;
    this.progress.value = 0;
    this.status.textContent = "Saving…";
    try {
      const kept = await this.store.saveEverything(({ bytes, totalBytes, files, totalFiles }) => {
        this.progress.value = totalBytes > 0 ? bytes / totalBytes : 1;
        this.status.textContent = `Saving: ${formatBytes(bytes)} of ${formatBytes(totalBytes)} (${files} of ${totalFiles} files)…`;
      });
      this.progress.value = 1;
      this.status.textContent = describe(kept);
      this.notify(`Everything is saved for offline use (${formatBytes(kept.bytes)}): every lab now opens without a network.`, "info");
    } catch (error) {
      this.status.textContent = `Saving failed: ${message(error)}. What was saved is kept; try again when the network is back.`;
      this.notify(`Saving everything for offline use failed: ${message(error)}.`, "error");
    } finally {
      this.saving = false;
      this.button.disabled = false;
      this.progress.hidden = true;
    }
  }
}

function describe(kept: Kept): string {
  if (kept.everything && kept.files === kept.totalFiles)
    return `Everything is kept for offline use (${formatBytes(kept.bytes)}), and later versions will keep everything too.`;
  return `Kept for offline use: ${formatBytes(kept.bytes)} of ${formatBytes(kept.totalBytes)} (${kept.files} of ${kept.totalFiles} files): what this device has used.`;
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.$/, "");
}
