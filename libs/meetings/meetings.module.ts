import { Module } from '@nestjs/common';

/** Meetings: controllers and services are registered here. */
@Module({ controllers: [], providers: [], exports: [] })
export class MeetingsModule {}
