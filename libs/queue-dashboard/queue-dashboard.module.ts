import { Module } from '@nestjs/common';
import { QueueDashboardAccess } from './dashboard-access.js';
import { QueueDashboardController } from './queue-dashboard.controller.js';

/** The admin queue dashboard: the cookie endpoint here, the page itself mounted by mountQueueDashboard. */
@Module({ controllers: [QueueDashboardController], providers: [QueueDashboardAccess], exports: [QueueDashboardAccess] })
export class QueueDashboardModule {}
