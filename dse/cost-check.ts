/**
 * A cost objective ranks designs by accelerator price. A design whose board
 * (or GPU) has no price would get a null cost and silently leave the front,
 * so a space that asks for cost over an unpriced board is refused instead.
 */
import type { Arch } from '../arch/load.js';

/** Price per device in USD, or null when the preset has none. */
function pricePerDevice(arch: Arch): number | null {
  const spec = arch.spec as { price?: number | null; board?: { name: string; price: number | null } };
  return spec.board ? spec.board.price : (spec.price ?? null);
}

/** What has no price among the archs a space can build, named as the space names them. */
export function unpriced(archs: readonly { name: string; arch: Arch }[]): string[] {
  return archs.filter((a) => pricePerDevice(a.arch) === null).map((a) => a.name);
}
