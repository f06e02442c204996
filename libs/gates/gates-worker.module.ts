import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { GateConditionSweepHandler } from './gate-condition-sweep.handler.js';
import { GateRenderer } from './gate.renderer.js';
import { GatePacketGenerator } from './gate-packet/gate-packet.generator.js';

/**
 * Worker side of gate reviews: the daily condition sweep, the gate emails (events are routed in
 * libs/notifications/event-routes.ts), and the review packet's generator (`@GeneratesReport(gate_packet)`, found by
 * the report job wherever it is provided).
 */
@Module({ imports: [NotificationsModule], providers: [GateConditionSweepHandler, GateRenderer, GatePacketGenerator] })
export class GatesWorkerModule {}
