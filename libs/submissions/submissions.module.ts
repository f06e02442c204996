import { Module } from '@nestjs/common';

/** Submissions: controllers and services are registered here. */
@Module({ controllers: [], providers: [], exports: [] })
export class SubmissionsModule {}
