/**
 * Piscina's entry for sweep workers, in CommonJS. Piscina loads its worker
 * file with require() first, and on Node versions that can require an ES
 * module that path has ended the whole process at random (a V8 fatal error,
 * "IsGraphAsync must be used on an instantiated module"). A CommonJS entry
 * is required without it, and imports the worker's ES module itself, once.
 */
import type { DesignTask, Evaluated } from './evaluate.js';

type Run = (tasks: readonly DesignTask[]) => Promise<Evaluated[]>;

let worker: Promise<Run> | undefined;

module.exports = (tasks: readonly DesignTask[]): Promise<Evaluated[]> => {
  worker ??= import('./worker.js').then((m: { default: Run }) => m.default);
  return worker.then((run) => run(tasks));
};
