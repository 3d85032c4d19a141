/**
 * The WebGPU devices the wasm backend opens, watched for loss. wgpu asks the adapter for its
 * device from inside the module; wrapping `GPUAdapter.prototype.requestDevice` (before the
 * module loads) is the one place the worker can see it. A device the browser takes away
 * (a GPU reset, a driver update, too much memory) resolves `lost` with reason `unknown`; one
 * destroyed by its owner resolves it with `destroyed`, which is only a loss when the test hook
 * did it.
 */

/** The devices the module opened, and whether (and why) one was lost. */
export class GpuDevices {
  private devices: GPUDevice[] = [];
  private destroyedByHook = false;
  private announced: string | null = null;
  private lostListener: ((message: string) => void) | null = null;

  /** Calls `onLost` once, with a readable reason, when a device in use is lost. */
  watch(onLost: (message: string) => void): void {
    this.lostListener = onLost;
    if (typeof GPUAdapter === "undefined") return;
    // Kept to be called with the adapter as `this` (`original.call(this, …)` below).
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const original = GPUAdapter.prototype.requestDevice;
    const track = (device: GPUDevice): void => {
      this.devices.push(device);
      void device.lost.then((info) => {
        this.devices = this.devices.filter((d) => d !== device);
        if (info.reason === "destroyed" && !this.destroyedByHook) return;
        const why = info.message ? `${info.reason}: ${info.message}` : info.reason;
        this.lost(this.destroyedByHook ? "destroyed by the test hook" : why);
      });
    };
    GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, descriptor?: GPUDeviceDescriptor) {
      const device = await original.call(this, descriptor);
      track(device);
      return device;
    };
  }

  private lost(message: string): void {
    if (this.announced !== null) return;
    this.announced = message;
    this.lostListener?.(message);
  }

  /** The reason, once a device was lost. */
  get lostReason(): string | null {
    return this.announced;
  }

  /**
   * Waits up to `ms` for a loss to be announced: a read-back on a lost device fails (and may
   * panic) a moment before the browser resolves `lost`.
   */
  async lossWithin(ms: number): Promise<string | null> {
    const until = performance.now() + ms;
    while (this.announced === null && this.devices.length > 0 && performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.announced;
  }

  /** Test hook: destroys every device (as a lost GPU would); false when there is none. */
  destroyAll(): boolean {
    if (this.devices.length === 0) return false;
    this.destroyedByHook = true;
    for (const device of this.devices) device.destroy();
    return true;
  }
}
