import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { GateConditionSweepHandler } from './gate-condition-sweep.handler.js';
import { GateNotifications } from './gate-notifications.js';
import { GateRenderer } from './gate.renderer.js';

/** Worker side of gate reviews: reviewers' and condition owners' notifications, the daily condition sweep, their emails. */
@Module({ imports: [NotificationsModule], providers: [GateNotifications, GateConditionSweepHandler, GateRenderer] })
export class GatesWorkerModule {}
