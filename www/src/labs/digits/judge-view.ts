/**
 * The digit judge's verdict on G's images, live: the share it classifies confidently, how
 * many classes appear, the Inception Score, and how many confident verdicts each digit got,
 * as ten small bars. Built with DOM calls and textContent only.
 */

import type { JudgeScore } from "../../protocol";
import { judgeBarsName } from "./descriptions";

const DIGITS = 10;

export class JudgeView {
  private readonly confident: HTMLElement;
  private readonly classes: HTMLElement;
  private readonly inception: HTMLElement;
  private readonly bars: HTMLElement[] = [];
  private readonly counts: HTMLElement[] = [];
  private readonly histogram: HTMLElement;

  constructor(root: HTMLElement) {
    const figures = document.createElement("dl");
    figures.className = "judge-figures";
    const figure = (label: string, title: string, id: string): HTMLElement => {
      const item = document.createElement("div");
      const term = document.createElement("dt");
      term.textContent = label;
      term.title = title;
      const value = document.createElement("dd");
      value.id = id;
      value.textContent = "—";
      item.append(term, value);
      figures.append(item);
      return value;
    };
    this.confident = figure("confident", "Share of G's images the judge classifies with probability ≥ 0.9", "judge-confident");
    this.classes = figure("classes", "How many of the ten digits appear among the confident verdicts", "judge-classes");
    this.inception = figure("Inception Score", "exp(E[KL(p(y|x) ‖ p(y))]): 1 (one class, or unsure) to 10 (ten classes, each image sure)", "judge-inception");

    const histogram = document.createElement("div");
    histogram.className = "judge-bars";
    histogram.id = "judge-bars";
    histogram.setAttribute("role", "img");
    this.histogram = histogram;
    for (let digit = 0; digit < DIGITS; digit++) {
      const column = document.createElement("div");
      column.className = "judge-bar";
      const count = document.createElement("span");
      count.className = "judge-count";
      const track = document.createElement("div");
      track.className = "judge-track";
      const bar = document.createElement("div");
      bar.className = "judge-fill";
      bar.style.height = "0%";
      track.append(bar);
      const label = document.createElement("span");
      label.className = "judge-digit";
      label.textContent = String(digit);
      column.append(count, track, label);
      histogram.append(column);
      this.bars.push(bar);
      this.counts.push(count);
    }
    root.replaceChildren(figures, histogram);
    this.show(null);
  }

  /** Shows a verdict, or dashes before the first one. */
  show(score: JudgeScore | null): void {
    this.confident.textContent = score ? `${Math.round(score.confident * 100)} %` : "—";
    this.classes.textContent = score ? `${score.classes} of 10` : "—";
    this.inception.textContent = score ? score.inception_score.toFixed(2) : "—";
    this.histogram.setAttribute("aria-label", judgeBarsName(score));
    const most = Math.max(1, ...(score?.histogram ?? []));
    for (let digit = 0; digit < DIGITS; digit++) {
      const count = score?.histogram[digit] ?? 0;
      this.bars[digit]!.style.height = `${(100 * count) / most}%`;
      this.counts[digit]!.textContent = score ? String(count) : "";
      this.bars[digit]!.parentElement!.title = score ? `digit ${digit}: ${count} confident verdicts` : "";
    }
  }
}
