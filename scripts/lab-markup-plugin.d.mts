// Types for scripts/lab-markup-plugin.mjs (plain JavaScript that vite.config.ts imports).

import type { Plugin } from "vite";

export const STATS_PLACE: string;
export const VIEWS_PLACE: string;
export function splitMarkup(lab: string, text: string): { stats: string; views: string };
export function withLabMarkup(html: string, labs: readonly string[], read: (lab: string) => string): string;
export function labsWithMarkup(labsDir: string): string[];
export function labMarkup(labsDir: string): Plugin;
