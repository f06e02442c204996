import { Module } from '@nestjs/common';
import { DashboardsController } from './dashboards.controller.js';
import { DashboardsService } from './dashboards.service.js';

/** JSON dashboards: portfolio lights, overdue milestones, pending reviews, ministry performance. */
@Module({ controllers: [DashboardsController], providers: [DashboardsService], exports: [DashboardsService] })
export class DashboardsModule {}
