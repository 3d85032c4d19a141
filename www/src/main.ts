/**
 * Entry point: an {@link App} that owns the page's state. It parses the link → mounts the
 * lab the preset belongs to (labs/registry.ts) → starts the training worker (through the
 * player). Every change goes through `apply`, which writes the link, shows the state and
 * tells the player: a new run when a run key changed (url.ts `runChanged`), a new view of the
 * same run when only a view key did. The page never asks which lab runs: the lab object does
 * what is particular to it (its views, its history, the data its runs need).
 */

// First: the charts' library formats by the browser's language as it loads (locale-guard.ts).
import "./locale-guard";
import "./style.css";
import { MLP_TRAINING } from "./labs/mlp-training";
import { optimisersPart } from "./labs/optimisers";
import { createLabs } from "./labs/lab-uis";
import type { LabHost, LabUi } from "./labs/lab";
import {
  MAX_LISTED,
  clip,
  formatHash,
  ignoredMessage,
  labOf,
  parseHash,
  resumes,
  runChanged,
  runSettingsOf,
  withViewDefaults,
  type Key,
  type LinkContext,
  type ParsedUrl,
  type UrlState,
} from "./state/url";
import { bindControls, type Controls } from "./ui/controls";
import { describeCrash, describeDeviceLost, describeDivergence } from "./ui/failures";
import { applyLayout } from "./ui/layout";
import { Messages } from "./ui/messages";
import { Moment } from "./ui/moment";
import { serveOffline } from "./ui/offline";
import type { BackendComparison, TestOptions } from "./protocol";
import { Player, type PlayerEvent, type RunConfig } from "./ui/player";
import { pytorchZip } from "./ui/pytorch-export";
import { RecordPanel } from "./ui/record/record-panel";
import { OfflineSection } from "./ui/share/offline-section";
import { Resume } from "./ui/resume";
import { Rewind } from "./ui/rewind";
import { TEST_STARTUP_WATCHDOG_MS, watchStartup } from "./ui/startup-watchdog";
import { EmbedQr } from "./ui/share/embed-qr";
import { SettingsPanel } from "./ui/settings-panel";
import { ShareDialog } from "./ui/share/share-dialog";
import { pauseWhileHidden } from "./ui/visibility";
import { connectWidget, type Widget } from "./ui/widget";

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html lacks #${id}`);
  return found as T;
}

/** How a change enters the browser's history: a new entry, in place of the last, or not at all (it came from there). */
type HistoryMode = "push" | "replace" | "none";

/** Typing into one control within this long of its last edit replaces that history entry. */
const TYPING_COALESCE_MS = 2000;

class App {
  private readonly messages = new Messages(element("messages"));
  private state: UrlState;
  private readonly player: Player;
  private readonly labs: ReturnType<typeof createLabs>;
  private readonly controls: Controls;
  private readonly panel: SettingsPanel;
  private readonly widget: Widget;
  private readonly resume: Resume;
  private readonly share: ShareDialog;
  private readonly moment: Moment;
  /** Set once the listeners before it are (see the constructor); the recorder reads it. */
  private rewind: Rewind | undefined;
  private readonly embedQr = new EmbedQr(element("embed-qr"), element("embed-qr-code"));
  /** `at`: the moment the run that the link asked for is trained to once it is ready (0: none). */
  private momentArmed: number;
  private lastTyping: { key: Key; at: number } | null = null;
  /** Whether a run waits for its lab to fetch what it needs (the digit lab's built-in images). */
  private preparing = false;
  /** `autoplay`: play once the run that the link (or a `set-hash`) asked for is ready. */
  private autoplayArmed: boolean;
  /** Identifies the latest `configure`, so that a slower checkpoint lookup for an older state is dropped. */
  private configureToken = 0;
  /** Removes the message of the current run's divergence. */
  private dismissDivergence: (() => void) | null = null;

  constructor() {
    const firstLink = this.readLink({});
    this.state = firstLink.state;
    this.autoplayArmed = this.state.autoplay;
    this.momentArmed = this.state.at;
    // The first run's config (its data, too) is given by `configure` below, once there is data.
    this.player = new Player({ backend: this.state.backend, settings: runSettingsOf(this.state) });
    // The test build's worker options, set by a test's init script (protocol.ts `TestOptions`).
    if (__TEST_HOOKS__) this.player.testOptions = (window as { ganPlaygroundTest?: TestOptions }).ganPlaygroundTest;
    const host: LabHost = {
      element,
      player: this.player,
      messages: this.messages,
      state: () => this.state,
      apply: (next, dataChanged) => this.apply(next, "push", dataChanged),
      dataChanged: () => this.configure(this.state),
      download: (blob, name) => download(blob, name),
    };
    this.labs = createLabs(host);
    this.controls = this.bindControls();
    this.panel = new SettingsPanel(
      element("settings"),
      {
        state: () => this.state,
        change: (next, edit) => {
          const now = performance.now();
          const coalesce = edit.typing && this.lastTyping?.key === edit.key && now - this.lastTyping.at < TYPING_COALESCE_MS;
          this.lastTyping = edit.typing ? { key: edit.key, at: now } : null;
          this.apply(next, coalesce ? "replace" : "push");
        },
        linkContext: () => this.linkContext(),
      },
      [...Object.values(this.labs), MLP_TRAINING, optimisersPart(Object.values(this.labs).map((lab) => lab.mode))],
    );
    this.widget = connectWidget(this.player, {
      view: () => ({ preset: this.state.preset, hash: formatHash(this.state) }),
      setHash: (hash) => {
        window.history.replaceState(null, "", hash.startsWith("#") ? hash : `#${hash}`);
        this.fromLocation();
      },
    });
    // The service worker (all cores on any host; offline, what this device uses), once the first run is ready.
    const offline = serveOffline(this.player, this.messages);
    this.share = new ShareDialog(
      {
        state: () => this.state,
        step: () => this.player.snapshot?.step ?? 0,
        link: (state) => this.linkTo(state),
        copy: (text, button) => this.copy(text, button),
      },
      // Recording a clip (ui/record/): a section of the dialog, and the bar under the controls.
      [
        new RecordPanel({
          state: () => this.state,
          // The iteration on show: a rewound frame's, else the run's.
          step: () => this.rewind?.shownStep ?? this.player.snapshot?.step ?? 0,
          download,
          notify: (text, tone) => void this.messages.show(text, tone),
          element,
        }),
        new OfflineSection(offline, (text, tone) => void this.messages.show(text, tone)),
      ],
    );
    element("share").addEventListener("click", () => this.share.open());
    this.moment = new Moment(this.player, {
      box: element("moment"),
      progress: element("moment-progress"),
      label: element("moment-label"),
      stop: element("moment-stop"),
    });
    this.reportToWidget(firstLink);
    // Before the player's first start (below): a start that takes long says what it waits for.
    watchStartup(this.player, this.messages, __TEST_HOOKS__ ? (this.player.testOptions?.startupWatchdogMs ?? TEST_STARTUP_WATCHDOG_MS) : undefined);
    this.player.on((event) => this.receive(event));
    // After the listener above: a branch's history is put back after the lab cleared it for the new trainer.
    this.rewind = new Rewind(
      this.player,
      {
        box: element("rewind"),
        slider: element("rewind-slider"),
        step: element("rewind-step"),
        live: element("rewind-live"),
        continueHere: element("rewind-continue"),
        branch: element("rewind-branch"),
        branchLabel: element("rewind-branch-label"),
        kept: element("rewind-kept"),
      },
      {
        showFrame: (snapshot) => this.lab.showFrame(snapshot),
        freezeReadouts: (frame) => this.controls.freeze(frame),
        history: () => this.lab.history,
        trainTo: (step, from) => this.moment.go(step, from),
        rewinding: () => this.moment.cancel(),
      },
    );
    // After the listener above, so that a resumed run's history is put back after the clear.
    this.resume = new Resume(this.player, {
      state: () => this.state,
      history: () => this.lab.history,
      notify: (message) => this.messages.show(message, "info"),
    });
    // A hidden tab (or a deck's iframe in one) does not train; shown again, it plays on.
    pauseWhileHidden(this.player);
    this.exposeFaults();
    // Back/forward and edits of the address apply without a reload. (pushState fires neither
    // event, so the page's own changes do not come back here; back/forward fires both, and
    // the second finds nothing changed.)
    window.addEventListener("popstate", () => this.fromLocation());
    window.addEventListener("hashchange", () => this.fromLocation());

    this.show(this.state);
    this.player.setSpeed(this.state.speed);
    this.configure(this.state);
  }

  /** The lab of the preset on the page. */
  private get lab(): LabUi {
    return this.labs[labOf(this.state.preset)];
  }

  private bindControls(): Controls {
    return bindControls(
      this.player,
      {
        play: element("play"),
        stepDiscriminator: element("step-d"),
        stepGenerator: element("step-g"),
        iteration: element("step"),
        speed: element("speed"),
        reset: element("reset"),
        newSeed: element("new-seed"),
        download: element("download-history"),
        exportPytorch: element("export-pytorch"),
        copyLink: element("copy-link"),
        badge: element("backend"),
        readouts: {
          step: element("stat-step"),
          itPerSec: element("stat-rate"),
          discriminator_loss: element("stat-dloss"),
          generator_loss: element("stat-gloss"),
          w1: element("stat-w1"),
          ks: element("stat-ks"),
          sliced_w1: element("stat-sw1"),
          modes: element("stat-modes"),
          high_quality: element("stat-hq"),
          real_probability: element("stat-dreal"),
          fake_probability: element("stat-dfake"),
          judge: element("stat-judge"),
        },
      },
      {
        setSpeed: (speed) => this.apply({ ...this.state, speed }, "push"),
        newSeed: () => this.apply({ ...this.state, seed: crypto.getRandomValues(new Uint32Array(1))[0]! }, "push"),
        copyLink: () => void this.copy(this.linkTo(), element("copy-link")),
        exportPytorch: () => this.player.exportPytorch(this.state.preset, location.href),
        downloadHistory: () => {
          const { history } = this.lab;
          const name = `gan-playground-${this.state.preset}-seed${this.state.seed}-${history.iterations}.csv`;
          download(new Blob([history.toCsv()], { type: "text/csv" }), name);
        },
      },
    );
  }

  /** The page's part of every player event; the lab on the page gets it too. */
  private receive(event: PlayerEvent): void {
    switch (event.type) {
      case "fresh":
        this.dismissDivergence?.();
        this.dismissDivergence = null;
        delete document.body.dataset.diverged;
        this.moment.cancel();
        if (this.momentArmed > (event.resumed?.step ?? 0)) {
          // A link to a moment: trained there and paused, whatever its autoplay says.
          this.moment.go(this.momentArmed, event.resumed?.step ?? 0);
          this.autoplayArmed = false;
        } else if (this.autoplayArmed) {
          this.player.play();
        }
        this.momentArmed = 0;
        this.autoplayArmed = false;
        break;
      case "snapshot":
        this.moment.stepped(event.snapshot.step);
        break;
      case "running":
        // Play (a button, a key, the deck) during the way to a moment: the visitor takes over.
        if (event.running) this.moment.cancel();
        break;
      case "starting":
      case "resetting":
        this.moment.cancel();
        break;
      case "pytorch-exported": {
        const folder = `gan-playground-${this.state.preset}-seed${this.state.seed}-${this.lab.history.iterations}-pytorch`;
        download(pytorchZip(folder, event.script, event.weights), `${folder}.zip`);
        break;
      }
      case "error":
        if (event.fatal) {
          this.messages.show(describeCrash(event.message, this.resume.restartStep), "error", { label: "Restart", run: () => this.resume.restart() });
        } else {
          this.messages.show(event.message, "warning");
        }
        break;
      case "test-report":
        if (__TEST_HOOKS__) (window as unknown as { ganPlaygroundTestReports: unknown[] }).ganPlaygroundTestReports.push(JSON.parse(event.report));
        break;
      case "diverged":
        // Once per divergence: Play or a step on a diverged run only repeats it.
        this.dismissDivergence?.();
        this.dismissDivergence = this.messages.show(describeDivergence(event.divergence), "error", { label: "Reset", run: () => this.player.reset() });
        document.body.dataset.diverged = String(event.divergence.step);
        break;
      case "device-lost": {
        const step = this.resume.restart({ cpu: true, play: event.wasRunning });
        this.messages.show(describeDeviceLost(event.message, step), "warning");
        break;
      }
      default:
        break;
    }
    // `fresh` above first plays an armed autoplay: the lab then clears its views for the new run.
    this.lab.receive(event);
  }

  /** Test hook for the failures the page must survive (tests/e2e/failures.spec.ts): only in the test build (vite.config.ts `__TEST_HOOKS__`), and there only from a script in this page. */
  private exposeFaults(): void {
    // What the labs give the benchmarks (the 2D plane's drawing times, bench/ring2d.mjs), in every build.
    for (const lab of Object.values(this.labs)) Object.assign(window, lab.pageGlobals ?? {});
    if (!__TEST_HOOKS__) return;
    const player = this.player;
    Object.assign(window, {
      ganPlaygroundFaults: {
        loseDevice: () => player.fault("lose-device"),
        panic: () => player.fault("panic"),
        workerError: () => player.fault("worker-error"),
        trapNextRestore: () => player.fault("trap-next-restore"),
        slowCheckpoint: () => player.fault("slow-checkpoint"),
        exhaustMemory: () => player.fault("exhaust-memory"),
        /** The latest snapshot the page drew from (any lab), as the worker sent it. */
        latestSnapshot: () => player.snapshot,
        /** This run on WebGPU against the CPU; the report lands in `window.ganPlaygroundTestReports`. */
        compareBackends: (comparison: BackendComparison) => player.compareBackends(comparison),
      },
      ganPlaygroundTestReports: [],
    });
  }

  private fromLocation(): void {
    const link = this.readLink(this.linkContext());
    this.reportToWidget(link);
    this.apply(link.state, "none");
  }

  /** Makes `next` the state: writes the link, shows it, and starts a new run or a new view of the same one. */
  private apply(next: UrlState, mode: HistoryMode, dataChanged = false): void {
    const previous = this.state;
    this.state = next;
    const hash = formatHash(next);
    if (mode !== "none" && hash !== location.hash) {
      if (mode === "push") window.history.pushState(null, "", hash);
      else window.history.replaceState(null, "", hash);
    }
    this.show(next);
    if (previous.speed !== next.speed) this.player.setSpeed(next.speed);
    if (dataChanged || runChanged(previous, next)) {
      // A link opened (or set by the deck) with autoplay plays its new run, or trains it to its
      // moment; a control changed here does neither.
      if (mode === "none") {
        this.autoplayArmed = next.autoplay;
        this.momentArmed = next.at;
      }
      this.configure(next);
      return;
    }
    // The same run, and a link that names a later moment: trained on to it.
    if (mode === "none" && next.at !== previous.at && next.at > 0) this.moment.go(next.at, this.player.snapshot?.step ?? 0);
    // The same run: its view keys (e.g. the digit on view) go to the trainer, which draws them from now on.
    const settings = runSettingsOf(next);
    if (JSON.stringify(settings) !== JSON.stringify(runSettingsOf(previous))) this.player.view(settings);
  }

  /**
   * Gives the player a run of `current` (a fresh trainer, or the first start). A lab whose runs
   * need something fetched first (the digit lab's built-in images) gets it once; the run starts when it is
   * in, with the state of that moment (which may have changed meanwhile).
   */
  private configure(current: UrlState): void {
    const lab = this.labs[labOf(current.preset)];
    const data = lab.runData(current);
    if (!data.ready) {
      // Nothing to train on yet: the previous run (of another lab) must not go on unseen.
      this.player.pause();
      this.controls.hold(true);
      if (this.preparing) return;
      this.preparing = true;
      void lab.prepare().then((loaded) => {
        this.preparing = false;
        const stillWaiting = !this.lab.runData(this.state).ready;
        // After a failed download the lab still has nothing to train on (Retry is offered).
        this.controls.hold(!loaded && stillWaiting);
        if (loaded) this.configure(this.state);
      });
      return;
    }
    this.controls.hold(false);
    const config: RunConfig = { backend: current.backend, settings: runSettingsOf(current), data: data.data };
    const token = ++this.configureToken;
    if (!resumes(current)) {
      this.player.configure(config);
      return;
    }
    // A demo this browser has run before continues from its checkpoint (ui/resume.ts).
    void this.resume.checkpointFor(current).then(
      (saved) => token === this.configureToken && this.player.configure({ ...config, checkpoint: saved?.bytes }),
      () => token === this.configureToken && this.player.configure(config),
    );
  }

  private show(current: UrlState): void {
    const lab = this.labs[labOf(current.preset)];
    document.body.dataset.mode = lab.mode;
    element("download-history").title = lab.historyTitle;
    this.panel.show(current);
    this.controls.showSpeed(current.speed);
    lab.describe(current, applyLayout(current));
    this.embedQr.show(this.linkTo(current), current.controls.extras.includes("qr"));
  }

  /** What every lab adds to a link's context (whether the user's own numbers are loaded). */
  private linkContext(): LinkContext {
    return Object.values(this.labs).reduce<LinkContext>((context, lab) => ({ ...context, ...lab.linkContext() }), {});
  }

  /** Reads the address; what cannot be used is said on the page (replacing older link messages). */
  private readLink(context: LinkContext): ParsedUrl {
    this.messages.clear();
    const result = parseHash(location.hash, context);
    for (const problem of result.problems) this.messages.show(problem.message, "warning");
    if (result.ignored.length > 0) this.messages.show(ignoredMessage(result.ignored), "info");
    return result;
  }

  /** Tells a parent frame what in the link could not be used. */
  private reportToWidget(link: ParsedUrl): void {
    for (const problem of link.problems) this.widget.error(problem.message, problem.key);
    // One message per unknown key, so a deck's script can tell which (as many as the page lists).
    for (const name of link.ignored.slice(0, MAX_LISTED)) this.widget.error(`Ignored unknown link key: ${clip(name)}`, name);
  }

  /**
   * The link to this demo. In embed mode it is a link to the full page with the same run (a
   * student opening it wants the controls), elsewhere the address as it is.
   */
  private linkTo(state: UrlState = this.state): string {
    const url = new URL(location.href);
    url.hash = formatHash(state.embed ? withViewDefaults(state, ["speed", "at"]) : state);
    return url.href;
  }

  /** Copies `text`, saying so on `button`; without a clipboard, shows it to copy by hand. */
  private async copy(text: string, button: HTMLButtonElement): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.controls.flash(button, "Copied ✓");
    } catch {
      // No clipboard here (an insecure origin, a frame without the permission).
      this.messages.show(`Copy this by hand: ${text}`, "info");
    }
  }
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

new App();
