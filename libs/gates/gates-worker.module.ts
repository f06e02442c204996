import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { GateConditionSweepHandler } from './gate-condition-sweep.handler.js';
import { GateNotifications } from './gate-notifications.js';
import { GateRenderer } from './gate.renderer.js';
import { GatePacketGenerator } from './gate-packet/gate-packet.generator.js';

/**
 * Worker side of gate reviews: reviewers' and condition owners' notifications, the daily condition
 * sweep, their emails, and the review packet's generator (`@GeneratesReport(gate_packet)`, found by
 * the report job wherever it is provided).
 */
@Module({ imports: [NotificationsModule], providers: [GateNotifications, GateConditionSweepHandler, GateRenderer, GatePacketGenerator] })
export class GatesWorkerModule {}
