/**
 * The WebGPU devices the wasm backend opens, watched for loss. wgpu asks the adapter for its
 * device from inside the module; wrapping `GPUAdapter.prototype.requestDevice` (before the
 * module loads) is the one place the worker can see it. A device the browser takes away
 * (a GPU reset, a driver update, too much memory) resolves `lost` with reason `unknown`; one
 * destroyed by its owner resolves it with `destroyed`, which is only a loss when the test hook
 * did it.
 */

let devices: GPUDevice[] = [];
let destroyedByHook = false;
let announced: string | null = null;
let lostListener: ((message: string) => void) | null = null;

/** Calls `onLost` once, with a readable reason, when a device in use is lost. */
export function watchDevices(onLost: (message: string) => void): void {
  lostListener = onLost;
  if (typeof GPUAdapter === "undefined") return;
  const original = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, descriptor?: GPUDeviceDescriptor) {
    const device = await original.call(this, descriptor);
    devices.push(device);
    void device.lost.then((info) => {
      devices = devices.filter((d) => d !== device);
      if (info.reason === "destroyed" && !destroyedByHook) return;
      const why = info.message ? `${info.reason}: ${info.message}` : info.reason;
      lost(destroyedByHook ? "destroyed by the test hook" : why);
    });
    return device;
  };
}

function lost(message: string): void {
  if (announced !== null) return;
  announced = message;
  lostListener?.(message);
}

/** The reason, once a device was lost. */
export function deviceLost(): string | null {
  return announced;
}

/**
 * Waits up to `ms` for a loss to be announced: a read-back on a lost device fails (and may
 * panic) a moment before the browser resolves `lost`.
 */
export async function lossWithin(ms: number): Promise<string | null> {
  const until = performance.now() + ms;
  while (announced === null && devices.length > 0 && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return announced;
}

/** Test hook: destroys every device (as a lost GPU would); false when there is none. */
export function destroyDevices(): boolean {
  if (devices.length === 0) return false;
  destroyedByHook = true;
  for (const device of devices) device.destroy();
  return true;
}
