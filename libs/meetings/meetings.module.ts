import { Module } from '@nestjs/common';
import { MeetingsController, ResolutionsController } from './meetings.controller.js';
import { MeetingsService } from './meetings.service.js';
import { ResolutionsService } from './resolutions.service.js';

/** Meetings and resolution tracking (會議決議列管). */
@Module({ controllers: [MeetingsController, ResolutionsController], providers: [MeetingsService, ResolutionsService], exports: [ResolutionsService] })
export class MeetingsModule {}
