// The page inlines d3's UMD build, which defines the global `d3`.
import type * as D3 from 'd3';

declare global {
  const d3: typeof D3;
}
