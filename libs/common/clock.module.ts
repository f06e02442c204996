import { type DynamicModule, Module } from '@nestjs/common';
import { Clock } from './clock.js';

/** One clock for the process; tests pass their own to move through days. */
@Module({})
export class ClockModule {
  static forRoot(clock: Clock = new Clock()): DynamicModule {
    return { module: ClockModule, global: true, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}
