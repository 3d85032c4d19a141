/**
 * The image presets' titles and summaries for the page (shared/DESIGN.md §3). Their settings
 * live in the Rust crate; the link only chooses one and adds `seed`, `grid` and `digit`.
 */

import type { ImagePreset } from "../protocol";

/** What the settings panel says about each image preset. */
export const IMAGE_PRESET_INFO: Record<ImagePreset, { title: string; summary: string }> = {
  "mnist-minute": {
    title: "All ten digits in the first minute: a small conditional DCGAN",
    summary:
      "Built to show every digit within a minute on a laptop's CPU. Convolutions (far more sample-efficient than " +
      "mnist-mlp's dense layers) with half mnist-dcgan's channels and z of 64, so each step is cheap. Both networks " +
      "are told the digit: G gets it beside z, and D scores how well an image fits its label (a projection " +
      "discriminator), so G never has to find the ten digits on its own — the largest gain. A batch of 32 and Adam " +
      "2e-3 with β (0.5, 0.999) take many quick, large steps; and the images you see are drawn by an average of G's " +
      "weights over its last few hundred steps (an exponential moving average), which smooths away the flicker of a " +
      "young GAN (training never reads it). The grid shows a column per digit; pick one to see more of it.",
  },
  "mnist-mlp": {
    title: "Seed 003: an MLP GAN on handwritten digits",
    summary:
      "Exactly seed 003: G 100→256→512→1024→784 (ReLU, tanh out), D 784→512→128→64→1 (LeakyReLU 0.2 and " +
      "dropout 0.3 after each hidden layer, sigmoid), z ~ N(0, 1) in 100 dimensions, batch 100, Adam 1e-3 with " +
      "β (0.5, 0.999) for both, binary cross-entropy. Trained on 10,000 real MNIST digits scaled to [−1, 1].",
  },
  "mnist-dcgan": {
    title: "A small DCGAN for 28×28 digits",
    summary:
      "Seed 003's DCGAN sized for 28×28×1: G Linear(z→128·7·7) + BatchNorm + ReLU, then two transposed " +
      "convolutions up to 28×28 (tanh out); D two strided convolutions with LeakyReLU 0.2, then a linear " +
      "layer and a sigmoid. Adam 2e-4, β (0.5, 0.999), weights N(0, 0.02) as in the seed.",
  },
  "mnist-cgan": {
    title: "A conditional GAN: you pick the digit",
    summary:
      "mnist-mlp with the label: G gets a one-hot digit beside z and D gets it beside the image, so G " +
      "learns to draw the digit it is asked for. Pick the digit under the generated grid.",
  },
};
