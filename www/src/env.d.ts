/** Build-time constants (vite.config.ts `define`). */

/** True only in the test build: the fault hooks exist (window.ganPlaygroundFaults, the worker's `fault`). */
declare const __TEST_HOOKS__: boolean;
