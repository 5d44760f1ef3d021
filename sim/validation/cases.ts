/** Every validation row tasim carries, by system. */
import type { ValidationCase } from './case.js';
import { DFX_CASES } from './dfx-cases.js';
import { FABNET_CASES } from './fabnet-cases.js';
import { GPU_CASES } from './gpu-cases.js';
import { GPU_MEASURED_CASES } from './gpu-measured-validation.js';
import { STA_CASES } from './sta-cases.js';

export const CASES: ValidationCase[] = [...DFX_CASES, ...STA_CASES, ...GPU_CASES, ...GPU_MEASURED_CASES, ...FABNET_CASES];
