import { Module } from '@nestjs/common';

/** Lights: controllers and services are registered here. */
@Module({ controllers: [], providers: [], exports: [] })
export class LightsModule {}
