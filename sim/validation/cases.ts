/** Every validation row tasim carries, by system. */
import type { ValidationCase } from './case.js';
import { DFX_CASES } from './dfx-cases.js';
import { FABNET_CASES } from './fabnet-cases.js';

export const CASES: ValidationCase[] = [...DFX_CASES, ...FABNET_CASES];
