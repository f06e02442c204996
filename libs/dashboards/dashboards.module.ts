import { Module } from '@nestjs/common';

/** Dashboards: controllers and services are registered here. */
@Module({ controllers: [], providers: [], exports: [] })
export class DashboardsModule {}
