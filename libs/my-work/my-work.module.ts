import { Module } from '@nestjs/common';
import { MyWorkController } from './my-work.controller.js';
import { MyWorkService } from './my-work.service.js';

/** 我的待辦: the signed-in user's work list across submissions, milestones, due-date requests and resolutions. */
@Module({ controllers: [MyWorkController], providers: [MyWorkService] })
export class MyWorkModule {}
