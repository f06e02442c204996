import { Module } from '@nestjs/common';
import { AssignmentController } from './assignment.controller.js';
import { AssignmentService } from './assignment.service.js';
import { DueDateChangesController } from './due-date-changes.controller.js';
import { DueDateChangesService } from './due-date-changes.service.js';
import { MilestonesController } from './milestones.controller.js';
import { MilestonesService } from './milestones.service.js';
import { SubProjectsController } from './sub-projects.controller.js';
import { SubProjectsService } from './sub-projects.service.js';

@Module({
  controllers: [SubProjectsController, AssignmentController, MilestonesController, DueDateChangesController],
  providers: [SubProjectsService, AssignmentService, MilestonesService, DueDateChangesService],
  exports: [SubProjectsService, MilestonesService],
})
export class SubProjectsModule {}
