/**
 * The URL keys the labs of small MLPs on points share (the noise, the networks, the training):
 * one row each, which each such lab's descriptor lists among its keys (state/key-rows.ts); the
 * settings panel's part for them is labs/mlp-training.ts. Data only.
 */

import { ACTIVATIONS, G_OUTPUTS, LOSSES, NOISES, ORDERS, REDUCTIONS } from "../protocol";
import { training } from "../state/key-rows";
import { decimal, integer, layerList, oneOf, UNIT_OPEN } from "../state/values";

const HIDDEN = layerList(4, { min: 1, max: 256 });

/** The shared training keys, in the table's order. */
export const MLP_KEYS = {
  noise: training(oneOf(NOISES), "z ~ U(−1, 1) or N(0, 1)"),
  latent: training(integer({ min: 1, max: 8 }), "dimension of z"),
  g_hidden: training(HIDDEN, "G's hidden layers, e.g. `8,16`"),
  d_hidden: training(HIDDEN, "D's hidden layers; `none` = logistic regression"),
  activation: training(oneOf(ACTIVATIONS), "hidden-layer activation of both networks"),
  slope: training(decimal(UNIT_OPEN), "LeakyReLU's negative slope"),
  g_output: training(oneOf(G_OUTPUTS), "G's output layer: linear, or followed by the hidden activation too (seed 000)"),
  batch: training(integer({ min: 1, max: 4096 }), "real and generated samples per step"),
  k: training(integer({ min: 1, max: 10 }), "D-steps per G-step (with `order=d-first`)"),
  order: training(oneOf(ORDERS), "`d-first`: k D-steps on detached fakes, then a G-step; `g-first`: a G-step, then one D-step on the same fakes (seed 001)"),
  d_reduce: training(oneOf(REDUCTIONS), "D loss = real BCE + fake BCE, or their mean (seed 001)"),
  loss: training(oneOf(LOSSES), "the adversarial objective"),
  gp: training(decimal({ min: 0, max: 100 }), "gradient-penalty weight λ (`wgan-gp` only)"),
  smooth: training(decimal({ min: 0, max: 0.5, maxOpen: true }), "one-sided label smoothing: D's target for real samples is 1 − smooth"),
  ema: training(
    decimal({ min: 0, max: 1, maxOpen: true }),
    "the views (and W₁, modes, samples) drawn by an average of G's weights, a ← ema·a + (1 − ema)·w after each G-step: 0.999 averages over about the last 1,000 steps and smooths away the jitter of G under Adam at a constant rate; 0 = G as the latest step left it. Training never reads it",
  ),
};
