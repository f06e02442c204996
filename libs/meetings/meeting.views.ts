import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min, ValidateBy,
} from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../common/codes.js';
import { DateDto, OrganisationRefDto } from '../common/views.js';
import { MeetingKind, TrackingDecisionKind, TrackingStatus } from './meeting.entity.js';
import { IsIsoDate } from '../common/iso-date.js';

// ---------------------------------------------------------------------------------------------
// Requests. class-validator checks the decorator nearest the property first; with stopAtFirstError
// the type check is therefore listed last.
// ---------------------------------------------------------------------------------------------

/** Text that is not only blank space (the database also refuses a blank 繼續列管 reason). */
const NotBlank = (field: string) => ValidateBy({
  name: 'notBlank',
  validator: { validate: (v: unknown) => typeof v === 'string' && v.trim().length > 0, defaultMessage: () => `${field} must not be empty` },
});

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class CreateMeetingDto {
  @ApiProperty({ description: 'Code of the organisation that holds the meeting', example: 'sngroup' })
  @Matches(CODE_PATTERN, { message: `body ${CODE_MESSAGE}` }) @IsString({ message: 'body must be an organisation code' })
  body: string;

  @ApiProperty({ example: '智慧國家推動小組第5次會議' })
  @MaxLength(500) @NotBlank('name') @IsString({ message: 'name must be text' })
  name: string;

  @ApiProperty({ enum: MeetingKind })
  @IsEnum(MeetingKind, { message: `kind must be one of ${Object.values(MeetingKind).join(', ')}` })
  kind: MeetingKind;

  @ApiProperty({ example: '2024-06-28' })
  @IsIsoDate()
  heldOn: string;

  @ApiPropertyOptional({ description: 'Last day, for a meeting of several days' })
  @IsOptional() @IsIsoDate()
  heldUntil?: string;
}

export class CreateResolutionDto {
  @ApiProperty({ description: 'The decision, verbatim' })
  @MaxLength(10000) @NotBlank('text') @IsString({ message: 'text must be text' })
  text: string;

  @ApiPropertyOptional({ example: '2024-12-31' })
  @IsOptional() @IsIsoDate()
  dueDate?: string;

  @ApiProperty({ type: [String], description: 'Codes of the organisations it is assigned to (at least one)', example: ['moea', 'moda'] })
  @ArrayUnique({ message: 'organisations must not repeat an organisation' })
  @Matches(CODE_PATTERN, { each: true, message: `each of organisations ${CODE_MESSAGE}` })
  @ArrayMaxSize(50) @ArrayMinSize(1, { message: 'organisations must name at least one organisation' })
  @IsArray({ message: 'organisations must be a list of organisation codes' })
  organisations: string[];
}

export class CreateFollowUpDto {
  @ApiProperty({ description: '辦理情形: what the organisation did' })
  @MaxLength(10000) @NotBlank('text') @IsString({ message: 'text must be text' })
  text: string;

  @ApiPropertyOptional({ description: 'Also ask the secretariat to release (解除列管) the item for this organisation', default: false })
  @IsOptional() @IsBoolean({ message: 'requestRelease must be true or false' })
  requestRelease?: boolean;

  @ApiPropertyOptional({ description: 'The assignment version last seen; required with requestRelease' })
  @IsOptional() @Min(1) @IsInt({ message: 'version must be a whole number' })
  version?: number;

  @ApiPropertyOptional({ description: 'Which assigned organisation reports, when the caller\'s organisation and its units hold several assignments' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `organisation ${CODE_MESSAGE}` }) @IsString()
  organisation?: string;
}

export class ReleaseDto {
  @ApiProperty({ description: 'The assignment version last seen' })
  @Min(1) @IsInt({ message: 'version must be a whole number' })
  version: number;

  @ApiPropertyOptional({ description: 'Why it is released' })
  @IsOptional() @Transform(trim) @MaxLength(5000) @IsString({ message: 'comment must be text' })
  comment?: string;

  @ApiPropertyOptional({ description: 'Code of the meeting (of the same body, already held) that decided' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `meeting ${CODE_MESSAGE}` }) @IsString()
  meeting?: string;
}

export class KeepDto {
  @ApiProperty({ description: 'The assignment version last seen' })
  @Min(1) @IsInt({ message: 'version must be a whole number' })
  version: number;

  @ApiProperty({ description: '繼續列管: why the item stays tracked (required)' })
  @MaxLength(5000) @IsNotEmpty({ message: 'comment is required: say why the item stays tracked (繼續列管)' }) @Transform(trim)
  @IsString({ message: 'comment is required: say why the item stays tracked (繼續列管)' })
  comment: string;

  @ApiPropertyOptional({ description: 'Code of the meeting (of the same body, already held) that decided' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `meeting ${CODE_MESSAGE}` }) @IsString()
  meeting?: string;
}

// ---------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------

export class MeetingRefDto {
  @ApiProperty({ example: 'sngroup-3' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: DateDto }) heldOn: DateDto;
}

export class MeetingListItemDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: MeetingKind }) kind: string;
  @ApiProperty({ type: OrganisationRefDto }) body: OrganisationRefDto;
  @ApiProperty({ type: DateDto }) heldOn: DateDto;
  @ApiProperty({ type: DateDto, nullable: true }) heldUntil: DateDto | null;
  @ApiProperty({ description: 'Its own resolutions (a ministry counts those assigned to it)' }) resolutionCount: number;
  @ApiProperty({ description: 'Assignments of its own resolutions still tracked or awaiting release (a ministry counts its own)' }) openItemCount: number;
}

export class DecisionDto {
  @ApiProperty({ enum: TrackingDecisionKind }) decision: string;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'When it was recorded' }) at: string;
  @ApiProperty({ type: MeetingRefDto, nullable: true, description: 'The meeting that decided, if given' }) meeting: MeetingRefDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who recorded it' }) by: string | null;
}

/** Named apart from the sub-project assignment (libs/sub-projects AssignmentDto) in the OpenAPI document. */
@ApiSchema({ name: 'ResolutionAssignmentDto' })
export class AssignmentDto {
  @ApiProperty({ type: OrganisationRefDto }) organisation: OrganisationRefDto;
  @ApiProperty({ enum: TrackingStatus }) status: string;
  @ApiProperty({ description: 'Send it back with release / keep / a release request' }) version: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why this organisation was assigned' }) note: string | null;
  @ApiProperty({ type: DecisionDto, nullable: true }) lastDecision: DecisionDto | null;
  @ApiProperty({ description: 'Held by the caller\'s organisation (or a unit under it): the assignment a ministry user reports on; false for the secretariat' })
  yours: boolean;
}

export class AssignmentHistoryDto extends AssignmentDto {
  @ApiProperty({ type: [DecisionDto], description: 'Every release request and decision, oldest first' }) history: DecisionDto[];
}

export class FollowUpDto {
  @ApiProperty() code: string;
  @ApiProperty({ type: OrganisationRefDto, nullable: true, description: 'Null when reported jointly (see note)' }) organisation: OrganisationRefDto | null;
  @ApiProperty({ type: DateDto }) reportedOn: DateDto;
  @ApiProperty() text: string;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Who reported it in the application; null for follow-ups from the documents' }) reportedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
}

class ResolutionCoreDto {
  @ApiProperty({ example: 'sngroup-3-r1' }) code: string;
  @ApiProperty() seq: number;
  @ApiProperty() text: string;
  @ApiProperty({ type: DateDto, nullable: true }) dueDate: DateDto | null;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  @ApiProperty({ type: MeetingRefDto, description: 'The meeting that resolved it' }) meeting: MeetingRefDto;
  @ApiProperty({ type: [FollowUpDto], description: '辦理情形, oldest first' }) followUps: FollowUpDto[];
}

class ResolutionDto extends ResolutionCoreDto {
  @ApiProperty({ type: [AssignmentDto] }) assignments: AssignmentDto[];
}

export class AgendaItemDto extends ResolutionDto {
  @ApiProperty({ description: 'An earlier meeting\'s resolution still open when this meeting was held; `assignments` then lists only the organisations it is still open for' })
  carriedOver: boolean;
}

export class MeetingDetailDto extends MeetingListItemDto {
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Further content as the document gives it' }) details: Record<string, unknown>;
  @ApiProperty({ type: [AgendaItemDto], description: 'Items carried over from earlier meetings of the same body (oldest first), then its own resolutions' })
  agenda: AgendaItemDto[];
}

export class ResolutionDetailDto extends ResolutionCoreDto {
  @ApiProperty() version: number;
  @ApiProperty({ type: [AssignmentHistoryDto] }) assignments: AssignmentHistoryDto[];
}
