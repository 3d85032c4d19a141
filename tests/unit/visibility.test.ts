import { describe, expect, it } from "vitest";
import type { Player, PlayerEvent } from "../../www/src/ui/player";
import { pauseWhileHidden } from "../../www/src/ui/visibility";

/** A player whose worker answers `play`/`pause` as the real one does: later, with a `running` event. */
class FakePlayer {
  running = false;
  readonly sent: string[] = [];
  private readonly listeners: Array<(event: PlayerEvent) => void> = [];
  private readonly inFlight: boolean[] = [];
  on(listener: (event: PlayerEvent) => void): void {
    this.listeners.push(listener);
  }
  play(): void {
    this.sent.push("play");
    this.inFlight.push(true);
  }
  pause(): void {
    this.sent.push("pause");
    this.inFlight.push(false);
  }
  /** The worker's answers arrive. */
  answer(): void {
    for (const running of this.inFlight.splice(0)) this.emit({ type: "running", running });
  }
  emit(event: PlayerEvent): void {
    if (event.type === "running") this.running = event.running;
    for (const listener of this.listeners) listener(event);
  }
}

/** A document whose visibility the test sets. */
class FakeDocument {
  visibilityState: DocumentVisibilityState = "visible";
  body = { dataset: {} as Record<string, string> };
  private readonly listeners: Array<() => void> = [];
  addEventListener(_type: "visibilitychange", listener: () => void): void {
    this.listeners.push(listener);
  }
  set(state: DocumentVisibilityState): void {
    this.visibilityState = state;
    for (const listener of this.listeners) listener();
  }
}

function setup(): { player: FakePlayer; doc: FakeDocument } {
  const player = new FakePlayer();
  const doc = new FakeDocument();
  pauseWhileHidden(player as unknown as Player, doc as unknown as Document);
  return { player, doc };
}

describe("pauseWhileHidden", () => {
  it("pauses a running run when hidden and plays it again when shown", () => {
    const { player, doc } = setup();
    player.emit({ type: "running", running: true });
    doc.set("hidden");
    player.answer();
    expect(player.running).toBe(false);
    expect(doc.body.dataset.pausedHidden).toBe("");
    doc.set("visible");
    player.answer();
    expect(player.running).toBe(true);
    expect(player.sent).toEqual(["pause", "play"]);
    expect(doc.body.dataset.pausedHidden).toBeUndefined();
  });

  it("leaves a paused run paused", () => {
    const { player, doc } = setup();
    doc.set("hidden");
    doc.set("visible");
    expect(player.sent).toEqual([]);
  });

  it("keeps a pause given while hidden (a parent frame's) when shown", () => {
    const { player, doc } = setup();
    player.emit({ type: "running", running: true });
    doc.set("hidden");
    player.answer(); // our pause
    player.emit({ type: "running", running: false }); // the parent's `pause`, answered
    doc.set("visible");
    expect(player.sent).toEqual(["pause"]);
  });

  it("holds a run started while hidden (autoplay in a background tab) until shown", () => {
    const { player, doc } = setup();
    doc.set("hidden");
    player.emit({ type: "running", running: true });
    player.answer();
    expect(player.running).toBe(false);
    doc.set("visible");
    player.answer();
    expect(player.running).toBe(true);
    expect(player.sent).toEqual(["pause", "play"]);
  });

  it("shown again before its pause was answered, it still plays on", () => {
    const { player, doc } = setup();
    player.emit({ type: "running", running: true });
    doc.set("hidden");
    doc.set("visible");
    player.answer();
    expect(player.running).toBe(true);
    expect(player.sent).toEqual(["pause", "play"]);
  });

  it("does not start a new run that replaced the one hiding paused", () => {
    const { player, doc } = setup();
    player.emit({ type: "running", running: true });
    doc.set("hidden");
    player.answer();
    player.emit({ type: "fresh" });
    doc.set("visible");
    expect(player.sent).toEqual(["pause"]);
  });
});
