/**
 * The digit lab on the page (the mnist-* presets): it downloads the built-in digits when first
 * needed (with a progress bar), takes the user's own images, draws the snapshots, real images
 * and latent walks the player passes on, and offers the exports (PNG of the grid, the
 * generator's weights) and the import of a generator.
 */

import { RunHistory } from "../../state/history";
import type { LinkContext, UrlState } from "../../state/url";
import type { Snapshot } from "../../protocol";
import type { PlayerEvent } from "../../ui/player";
import type { LabPanel, PanelKit } from "../../ui/settings-panel";
import type { LabHost, LabUi, RunDataState } from "../lab";
import { DIGITS_HISTORY } from "./history";
import { DigitsPanel } from "./panel";
import { DIGITS_ASSET_PATH, fetchDigitsAsset, formatBytes, readAssetHeader, type Progress } from "./asset";
import { DigitsDataPanel } from "./data-panel";
import { readImageFiles } from "./files";
import { ImageSource, type ImageSet } from "./source";
import { DigitsViews } from "./views";

/** Frames of a latent walk (the issue asks for 8–10). */
const WALK_FRAMES = 10;
/** The largest generator file the page reads (seed 003's G is ≈ 6 MB of f32 weights). */
const MAX_GENERATOR_BYTES = 256 * 2 ** 20;

/** The lab's page object (labs/lab-uis.ts finds it by this name). */
export function createLabUi(host: LabHost): LabUi {
  return new DigitsLab(host);
}

export class DigitsLab implements LabUi {
  readonly mode = "image";
  readonly historyTitle = "Every iteration's D and G loss and mean D(real), D(fake), as CSV";
  /** Per-iteration losses and D outputs of the run. */
  readonly history = new RunHistory(DIGITS_HISTORY);
  private readonly source = new ImageSource();
  private readonly views: DigitsViews;
  private readonly dataPanel: DigitsDataPanel;
  private readonly player: LabHost["player"];
  private readonly el: {
    progress: HTMLElement;
    progressBar: HTMLProgressElement;
    progressText: HTMLElement;
    loadGenerator: HTMLInputElement;
  };
  private loading: Promise<boolean> | null = null;
  private exportWanted = false;
  /** The file name of a generator being loaded, until the worker says it is in place. */
  private loadingGenerator: string | null = null;

  constructor(private readonly host: LabHost) {
    const element = host.element.bind(host);
    const player = host.player;
    this.player = player;
    this.el = {
      progress: element("digits-progress"),
      progressBar: element("digits-progress-bar"),
      progressText: element("digits-progress-text"),
      loadGenerator: element("load-generator"),
    };
    this.views = new DigitsViews(
      {
        generated: element("generated-grid"),
        real: element("real-grid"),
        walk: element("latent-walk"),
        digitRow: element("digit-row"),
        digitRowPanel: element("digit-row-panel"),
        losses: element("image-losses"),
        discriminator: element("image-discriminator"),
        judge: element("judge"),
        gridCaption: element("grid-caption"),
        walkCaption: element("walk-caption"),
        digitPicker: element("digit-picker"),
      },
      this.history,
      (digit) => host.apply({ ...host.state(), digit }),
    );
    this.dataPanel = new DigitsDataPanel({
      useFiles: (files) => void this.useFiles(files),
      useBuiltin: () => {
        if (this.source.proposeBuiltin()) host.dataChanged();
      },
    });
    this.dataPanel.say("The built-in digits are downloaded when an image preset starts.", "ok");
    element("latent-walk-button").addEventListener("click", () => player.latentWalk(WALK_FRAMES));
    element("download-png").addEventListener("click", () => void this.downloadPng());
    element("download-generator").addEventListener("click", () => {
      this.exportWanted = true;
      player.exportGenerator();
    });
    this.el.loadGenerator.addEventListener("change", () => void this.loadGenerator());
  }

  receive(event: PlayerEvent): void {
    switch (event.type) {
      case "starting":
      case "fresh":
        this.history.clear();
        this.views.clear();
        if (event.type === "fresh") this.settle(true);
        break;
      case "snapshot":
        if (event.snapshot.lab !== "digits") break;
        this.history.add(event.snapshot);
        this.views.show(event.snapshot);
        break;
      case "real-images":
        this.views.showReal(event.pictures);
        break;
      case "latent-walk":
        this.views.showWalk(event.pictures);
        break;
      case "running":
        // A walk on show follows G: refreshed whenever the run stops.
        if (!event.running && this.views.hasWalk) this.player.latentWalk(WALK_FRAMES);
        break;
      case "generator-imported":
        if (this.loadingGenerator !== null) {
          this.host.messages.show(`Loaded the generator from ${this.loadingGenerator}: training goes on from its weights.`, "info");
        }
        this.loadingGenerator = null;
        break;
      case "generator-exported":
        if (this.exportWanted) this.saveGenerator(event.bytes);
        this.exportWanted = false;
        break;
      case "error":
        this.settle(false, event.message);
        this.exportWanted = false;
        this.loadingGenerator = null;
        break;
      default:
        break;
    }
  }

  showFrame(snapshot: Snapshot | null): void {
    if (snapshot === null || snapshot.lab === "digits") this.views.hold(snapshot);
  }

  /** The grid, the optimiser and the "Training images" field, for the settings panel. */
  panel(kit: PanelKit): LabPanel {
    return new DigitsPanel(kit, this.dataPanel.element);
  }

  /** Shows the state: grid size, digit picker, captions. */
  describe(state: UrlState): void {
    this.views.describe(state);
  }

  linkContext(): LinkContext {
    return {};
  }

  /** The images the next run trains on; not ready while the built-in digits are not loaded. */
  runData(): RunDataState {
    const set = this.source.current();
    return set ? { ready: true, data: set.data } : { ready: false };
  }

  /**
   * Downloads the built-in digits if they are not in memory yet (one download at a time);
   * resolves to whether there are images to train on. A failure is said, with Retry.
   */
  prepare(): Promise<boolean> {
    if (this.source.hasBuiltin) return Promise.resolve(true);
    this.loading ??= this.download().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async download(): Promise<boolean> {
    const { progress, progressBar, progressText } = this.el;
    progress.hidden = false;
    progress.dataset.state = "loading";
    const show = ({ loaded, total }: Progress) => {
      if (total) {
        progressBar.max = total;
        progressBar.value = Math.min(loaded, total);
        progressText.textContent = `${formatBytes(loaded)} of ${formatBytes(total)} (${Math.floor((100 * loaded) / total)} %)`;
      } else {
        progressBar.removeAttribute("value");
        progressText.textContent = formatBytes(loaded);
      }
    };
    this.dataPanel.say("Downloading the built-in digits…", "ok");
    try {
      const bytes = await fetchDigitsAsset(new URL(DIGITS_ASSET_PATH, document.baseURI), show);
      const header = readAssetHeader(bytes);
      this.source.setBuiltin(bytes, header.ok ? header.count : 0);
      progress.hidden = true;
      progress.dataset.state = "done";
      this.sayInUse();
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      progress.dataset.state = "failed";
      progressText.textContent = `Failed: ${message}`;
      this.dataPanel.say(`No images yet: ${message}.`, "error");
      this.host.messages.show(`The image presets need the built-in digits, but ${message}.`, "error", {
        label: "Retry",
        run: () => this.host.dataChanged(),
      });
      return false;
    }
  }

  private async useFiles(files: File[]): Promise<void> {
    this.dataPanel.say(`Reading ${files.length} file${files.length === 1 ? "" : "s"}…`, "ok");
    const result = await readImageFiles(files);
    const keep = this.source.inUse() ? " The images in use stay as they were." : "";
    if (!result.ok) {
      this.dataPanel.say(`${result.message}.${keep}`, "error");
      return;
    }
    const set: ImageSet = { ...result.value, own: true };
    if (this.host.state().preset === "mnist-cgan" && !set.labelled) {
      this.dataPanel.say(`${set.summary}: mnist-cgan learns each digit from its label, and these images have none. Add the labels file.${keep}`, "error");
      return;
    }
    this.source.propose(set);
    this.dataPanel.say(`Starting a run on ${set.summary}…`, "ok");
    this.host.dataChanged();
  }

  /** The trainer answered a configure: a fresh run (accepted) or an error (refused). */
  private settle(accepted: boolean, message = ""): void {
    if (!this.source.waiting) return;
    const set = this.source.settle(accepted);
    if (!set) return;
    if (accepted) this.sayInUse();
    else {
      const still = this.source.inUse();
      this.dataPanel.say(`The trainer refused ${set.summary}: ${message}.${still ? ` Still training on ${still.summary}.` : ""}`, "error");
    }
  }

  private sayInUse(): void {
    const set = this.source.inUse();
    if (!set) return;
    this.dataPanel.say(`Training on ${set.summary}.`, set.own ? "warning" : "ok");
    this.dataPanel.showOwn(set.own);
  }

  private fileName(extension: string): string {
    const step = this.player.snapshot?.step ?? 0;
    return `gan-playground-${this.host.state().preset}-step${step}.${extension}`;
  }

  private async downloadPng(): Promise<void> {
    try {
      this.host.download(await this.views.generatedPng(), this.fileName("png"));
    } catch (error) {
      this.host.messages.show(`No PNG: ${error instanceof Error ? error.message : String(error)}.`, "warning");
    }
  }

  private saveGenerator(bytes: Uint8Array): void {
    this.host.download(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }), this.fileName("bpk"));
  }

  private async loadGenerator(): Promise<void> {
    const input = this.el.loadGenerator;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    if (file.size > MAX_GENERATOR_BYTES) {
      this.host.messages.show(`${file.name} is ${formatBytes(file.size)}: too large to be a generator of these presets.`, "warning");
      return;
    }
    // The worker answers a bad file with an error event (shown by the page), a good one with
    // `generator-imported`.
    this.loadingGenerator = file.name;
    this.player.importGenerator(new Uint8Array(await file.arrayBuffer()));
  }
}
