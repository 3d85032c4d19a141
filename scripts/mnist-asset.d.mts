// Types for scripts/mnist-asset.mjs (a plain Node script, so the unit tests can type-check it).

export declare const MAGIC: string;
export declare const VERSION: number;
export declare const HEADER_BYTES: number;
export declare const SIDE: number;
export declare const SHUFFLE_SEED: number;
export declare const DEFAULT_OUTPUT: string;

/** `classes[label]`: that label's images, 784 floats in [0, 1] each, one after another. */
export declare function encodeDigits(classes: ArrayLike<number>[], seed?: number): Uint8Array;

/** The header of an asset, after checking its magic, version and length. */
export declare function readHeader(bytes: Uint8Array): { version: number; count: number; rows: number; columns: number };
