/** Building a block: ops and the instructions that run them, each referred to by its index. */
import { type Block, type Events, type Instr, type OpInfo, noEvents } from './program.js';

export class BlockBuilder {
  readonly ops: OpInfo[] = [];
  readonly instrs: Instr[] = [];

  op(name: string, category: string, flops: number): number {
    this.ops.push({ name, category, flops, events: noEvents() });
    return this.ops.length - 1;
  }

  events(op: number): Events {
    return this.ops[op].events;
  }

  emit(i: Instr): number {
    this.instrs.push(i);
    return this.instrs.length - 1;
  }

  build(output: number): Block {
    return { ops: this.ops, instrs: this.instrs, output };
  }
}
