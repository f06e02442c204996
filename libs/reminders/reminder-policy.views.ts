import { ApiProperty } from '@nestjs/swagger';
import { IsArray } from 'class-validator';
import { ProgrammeRefDto } from '../common/views.js';
import { ESCALATION_ROLES, type EscalationRole, type ReminderPolicySource } from './reminder-policy.js';

// ---- requests

/** The whole policy; each element is checked by validateReminderPolicy, which names it (beforeDueDays[1], escalation[0].role …). */
export class PutReminderPolicyBody {
  @ApiProperty({ type: [Number], example: [14, 7, 1, 0], description: 'Days before the due date to remind the lead organisation\'s officers (0 = the due day); unique, 0–365, at most 10' })
  @IsArray({ message: 'beforeDueDays must be a list of days before the due date, e.g. [14, 7, 1, 0]' })
  beforeDueDays: unknown[];

  @ApiProperty({
    type: 'array', items: { type: 'object', properties: { afterDays: { type: 'integer' }, role: { type: 'string', enum: [...ESCALATION_ROLES] } } },
    example: [{ afterDays: 1, role: 'ministry_officer' }, { afterDays: 3, role: 'ministry_supervisor' }, { afterDays: 7, role: 'coordinator' }],
    description: 'Escalation steps after the due date while nothing is submitted; afterDays 1–365 strictly increasing, at most 10',
  })
  @IsArray({ message: 'escalation must be a list of steps, e.g. [{ "afterDays": 1, "role": "ministry_officer" }]' })
  escalation: unknown[];
}

// ---- responses

export class EscalationStepDto {
  @ApiProperty({ example: 3 }) afterDays: number;
  @ApiProperty({ enum: ESCALATION_ROLES, example: 'ministry_supervisor' }) role: EscalationRole;
}

export class ReminderPolicyValuesDto {
  @ApiProperty({ type: [Number], example: [14, 7, 1, 0] }) beforeDueDays: number[];
  @ApiProperty({ type: [EscalationStepDto] }) escalation: EscalationStepDto[];
}

export class ReminderPolicyDto {
  @ApiProperty({ type: ProgrammeRefDto }) programme: ProgrammeRefDto;
  @ApiProperty({ type: ReminderPolicyValuesDto, description: 'The policy the programme runs with' }) policy: ReminderPolicyValuesDto;
  @ApiProperty({ enum: ['own', 'inherited', 'default'], description: 'own: set on this programme; inherited: from a parent programme; default: nobody set one' })
  source: ReminderPolicySource;
  @ApiProperty({ type: String, nullable: true, example: 'sngroup', description: 'The programme the policy was set on (own or inherited); null for the defaults' })
  definedOn: string | null;
  @ApiProperty({ type: ReminderPolicyValuesDto, description: 'The defaults, for comparison' }) defaults: ReminderPolicyValuesDto;
}
