import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { CODE_MESSAGE, CODE_PATTERN } from '../common/codes.js';
import { IsIsoDate } from '../common/iso-date.js';
import { DateDto, OrganisationRefDto } from '../common/views.js';
import { GateConditionStatus, GateDecision, GateRequirement, GateReviewStatus, SCORE_MAX, SCORE_MIN } from './gate.entity.js';

// class-validator checks the decorator nearest the property first; with stopAtFirstError the type check is listed last.

const WEIGHT = /^\d{1,4}(\.\d{1,2})?$/;
const CRITERION_CODE = /^[a-z0-9][a-z0-9-]{0,31}$/;

// ---- requests ------------------------------------------------------------------------------

export class GateReviewParams {
  @ApiProperty() @IsUUID('all', { message: 'id must be a UUID' })
  id: string;
}

export class ScheduleGateReviewDto {
  @ApiProperty({ description: 'Sub-project code (a flagship sub-project)', example: 'aap2018-div-2-01' })
  @Matches(CODE_PATTERN, { message: `subProject ${CODE_MESSAGE}` }) @IsString()
  subProject: string;

  @ApiProperty({ description: 'Gate template code', example: 'aap2018-gate-1' })
  @Matches(CODE_PATTERN, { message: `gate ${CODE_MESSAGE}` }) @IsString()
  gate: string;

  @ApiProperty({ description: 'Date of the review meeting (YYYY-MM-DD)', example: '2026-12-15' })
  @IsIsoDate()
  scheduledFor: string;

  @ApiProperty({ description: 'User ids of the reviewers (role reviewer), at least one', type: [String] })
  @IsUUID('all', { each: true, message: 'each of reviewers must be a user id (UUID)' })
  @ArrayUnique({ message: 'reviewers must not list a user twice' })
  @ArrayMaxSize(20) @ArrayMinSize(1, { message: 'reviewers must list at least one reviewer' }) @IsArray()
  reviewers: string[];
}

export class ScoreInput {
  @ApiProperty({ description: 'Criterion code of the review\'s gate', example: 'c1' })
  @Matches(CRITERION_CODE, { message: 'criterion must be a criterion code, e.g. "c1"' }) @IsString()
  criterion: string;

  @ApiPropertyOptional({ description: 'Must-meet criteria: met or not' })
  @IsOptional() @IsBoolean({ message: 'met must be true or false' })
  met?: boolean;

  @ApiPropertyOptional({ description: `Should-meet criteria: a whole number ${SCORE_MIN}–${SCORE_MAX}` })
  @IsOptional() @Min(SCORE_MIN, { message: `score must be ${SCORE_MIN}–${SCORE_MAX}` }) @Max(SCORE_MAX, { message: `score must be ${SCORE_MIN}–${SCORE_MAX}` })
  @IsInt({ message: `score must be a whole number ${SCORE_MIN}–${SCORE_MAX}` })
  score?: number;

  @ApiProperty({ description: 'Why: required for every criterion' })
  @MaxLength(5000) @IsString({ message: 'comment must be text' })
  comment: string;
}

export class SaveScoresDto {
  @ApiProperty({ type: [ScoreInput], description: 'One entry per criterion of the gate; replaces the caller\'s earlier scorecard' })
  @ValidateNested({ each: true }) @Type(() => ScoreInput) @ArrayMaxSize(100) @IsArray()
  scores: ScoreInput[];
}

export class DraftScoreInput {
  @ApiProperty({ description: 'Criterion code of the review\'s gate', example: 'c1' })
  @Matches(CRITERION_CODE, { message: 'criterion must be a criterion code, e.g. "c1"' }) @IsString()
  criterion: string;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'Must-meet criteria: met or not, or not decided yet' })
  @IsOptional() @IsBoolean({ message: 'met must be true or false' })
  met?: boolean | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: `Should-meet criteria: a whole number ${SCORE_MIN}–${SCORE_MAX}, or not scored yet` })
  @IsOptional() @Min(SCORE_MIN, { message: `score must be ${SCORE_MIN}–${SCORE_MAX}` }) @Max(SCORE_MAX, { message: `score must be ${SCORE_MIN}–${SCORE_MAX}` })
  @IsInt({ message: `score must be a whole number ${SCORE_MIN}–${SCORE_MAX}` })
  score?: number | null;

  @ApiPropertyOptional({ description: 'The comment so far (may be empty in a draft)' })
  @IsOptional() @MaxLength(5000) @IsString({ message: 'comment must be text' })
  comment?: string;
}

export class SaveDraftScoresDto {
  @ApiProperty({ type: [DraftScoreInput], description: 'The criteria worked on so far (any of them, blanks allowed); replaces the caller\'s earlier draft' })
  @ValidateNested({ each: true }) @Type(() => DraftScoreInput) @ArrayMaxSize(100) @IsArray()
  scores: DraftScoreInput[];
}

export class ConditionInput {
  @ApiProperty({ example: '於 3 個月內提出商業模式分析報告' })
  @MaxLength(2000) @MinLength(1) @IsString()
  text: string;

  @ApiProperty({ description: 'Organisation code of the owner', example: 'moea' })
  @Matches(CODE_PATTERN, { message: `owner ${CODE_MESSAGE}` }) @IsString()
  owner: string;

  @ApiProperty({ example: '2027-03-31' })
  @IsIsoDate()
  dueDate: string;
}

export class DecideGateReviewDto {
  @ApiProperty({ description: 'The review version you last saw' }) @IsInt({ message: 'version must be a whole number' })
  version: number;

  @ApiProperty({ enum: GateDecision })
  @IsEnum(GateDecision, { message: `decision must be one of ${Object.values(GateDecision).join(', ')}` })
  decision: GateDecision;

  @ApiProperty({ description: 'Why: required' })
  @MaxLength(10000) @IsString({ message: 'reasons must be text' })
  reasons: string;

  @ApiPropertyOptional({ type: [ConditionInput], description: 'Required (at least one) for go_with_conditions; refused otherwise' })
  @IsOptional() @ValidateNested({ each: true }) @Type(() => ConditionInput) @ArrayMaxSize(50) @IsArray()
  conditions?: ConditionInput[];
}

export class ResolveConditionDto {
  @ApiProperty() @IsInt({ message: 'version must be a whole number' })
  version: number;

  @ApiProperty({ description: 'Closing note (close) or the reason for the waiver (waive)' })
  @MaxLength(5000) @IsString({ message: 'note must be text' })
  note: string;
}

export class CriterionInput {
  @ApiProperty({ example: 'c1' })
  @Matches(CRITERION_CODE, { message: 'code must be a criterion code: lower-case letters, digits and "-", at most 32 characters' }) @IsString()
  code: string;

  @ApiProperty() @MaxLength(2000) @MinLength(1) @IsString()
  text: string;

  @ApiProperty({ enum: GateRequirement })
  @IsEnum(GateRequirement, { message: `requirement must be one of ${Object.values(GateRequirement).join(', ')}` })
  requirement: GateRequirement;

  @ApiProperty({ description: 'Decimal string; above 0 for should-meet, "0" for must-meet', example: '3' })
  @Matches(WEIGHT, { message: 'weight must be a decimal string, e.g. "3" or "2.5"' }) @IsString()
  weight: string;

  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @MaxLength(5000) @IsString()
  guidance?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @MaxLength(200) @IsString()
  source?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @MaxLength(5000) @IsString()
  sourceText?: string | null;
}

export class ReplaceCriteriaDto {
  @ApiProperty({ description: 'The template version you last saw' }) @IsInt({ message: 'version must be a whole number' })
  version: number;

  @ApiProperty({ type: [CriterionInput] })
  @ValidateNested({ each: true }) @Type(() => CriterionInput) @ArrayMaxSize(50) @ArrayMinSize(1, { message: 'criteria must list at least one criterion' }) @IsArray()
  criteria: CriterionInput[];
}

export class GateReviewListQuery {
  @ApiPropertyOptional({ description: 'Sub-project code' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `subProject ${CODE_MESSAGE}` }) @IsString()
  subProject?: string;

  @ApiPropertyOptional({ enum: GateReviewStatus, description: 'Only reviews in this state' })
  @IsOptional() @IsEnum(GateReviewStatus, { message: `status must be one of ${Object.values(GateReviewStatus).join(', ')}` })
  status?: GateReviewStatus;
}

export class GateConditionListQuery {
  @ApiPropertyOptional({ description: 'Sub-project code' })
  @IsOptional() @Matches(CODE_PATTERN, { message: `subProject ${CODE_MESSAGE}` }) @IsString()
  subProject?: string;

  @ApiPropertyOptional({ enum: GateConditionStatus })
  @IsOptional() @IsEnum(GateConditionStatus, { message: `status must be one of ${Object.values(GateConditionStatus).join(', ')}` })
  status?: GateConditionStatus;
}

// ---- responses -----------------------------------------------------------------------------

export class UserRefDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
}

export class GateCriterionDto {
  @ApiProperty() code: string;
  @ApiProperty() seq: number;
  @ApiProperty() text: string;
  @ApiProperty({ enum: GateRequirement }) requirement: GateRequirement;
  @ApiProperty({ description: 'Decimal string' }) weight: string;
  @ApiProperty({ type: String, nullable: true }) guidance: string | null;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  @ApiProperty({ type: String, nullable: true }) sourceText: string | null;
}

export class ScaleDto {
  @ApiProperty({ example: SCORE_MIN }) min: number;
  @ApiProperty({ example: SCORE_MAX }) max: number;
  @ApiProperty() note: string;
}

export class GateTemplateDto {
  @ApiProperty() code: string;
  @ApiProperty() seq: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) nameEn: string | null;
  @ApiProperty() purpose: string;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  @ApiProperty({ type: String, nullable: true }) sourceText: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty() criteriaRevision: number;
  @ApiProperty() version: number;
  @ApiProperty({ type: [GateCriterionDto] }) criteria: GateCriterionDto[];
}

export class GateTemplateListDto {
  @ApiProperty() programme: string;
  @ApiProperty({ type: ScaleDto }) scale: ScaleDto;
  @ApiProperty({ type: [GateTemplateDto] }) gates: GateTemplateDto[];
}

export class GateRefDto {
  @ApiProperty() code: string;
  @ApiProperty() seq: number;
  @ApiProperty() name: string;
}

export class SubProjectRefDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: OrganisationRefDto, nullable: true }) lead: OrganisationRefDto | null;
}

export class PacketDto {
  @ApiProperty() reportId: string;
  @ApiProperty({ description: 'queued | running | ready | failed' }) status: string;
}

export class ReviewerDto extends UserRefDto {
  @ApiProperty({ type: String, format: 'date-time' }) assignedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) scoresSubmittedAt: string | null;
}

export class CriterionResultDto {
  @ApiProperty() code: string;
  @ApiProperty({ enum: GateRequirement }) requirement: GateRequirement;
  @ApiProperty() weight: string;
  @ApiProperty({ description: 'Scorecards that cover this criterion' }) scored: number;
  @ApiProperty({ type: String, nullable: true, description: 'Should-meet: mean score (2 decimals)' }) meanScore: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Must-meet: how many reviewers marked it met' }) met: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Must-meet: how many reviewers marked it not met' }) notMet: number | null;
}

export class ScoreSummaryDto {
  @ApiProperty() reviewersAssigned: number;
  @ApiProperty() reviewersSubmitted: number;
  @ApiProperty({ type: String, nullable: true, description: `Σ(weight × mean score) / Σ(weight) over scored should-meet criteria, on the ${SCORE_MIN}–${SCORE_MAX} scale` })
  weightedScore: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'weightedScore as a percentage of the maximum' }) weightedPercent: string | null;
  @ApiProperty({ type: [String], description: 'Must-meet criteria at least one reviewer marked not met' }) mustMeetFailures: string[];
  @ApiProperty({ type: [CriterionResultDto] }) criteria: CriterionResultDto[];
}

export class ScoreDto {
  @ApiProperty() criterion: string;
  @ApiProperty({ type: UserRefDto }) reviewer: UserRefDto;
  @ApiProperty({ type: Boolean, nullable: true }) met: boolean | null;
  @ApiProperty({ type: Number, nullable: true }) score: number | null;
  @ApiProperty() comment: string;
}

export class GateConditionDto {
  @ApiProperty() id: string;
  @ApiProperty() seq: number;
  @ApiProperty() text: string;
  @ApiProperty({ type: OrganisationRefDto }) owner: OrganisationRefDto;
  @ApiProperty({ type: DateDto }) dueDate: DateDto;
  @ApiProperty({ enum: GateConditionStatus }) status: GateConditionStatus;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: UserRefDto, nullable: true }) resolvedBy: UserRefDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) resolvedAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty() gateReviewId: string;
  @ApiProperty({ type: GateRefDto }) gate: GateRefDto;
  @ApiProperty({ type: SubProjectRefDto }) subProject: SubProjectRefDto;
}

export class DraftScoreDto {
  @ApiProperty() criterion: string;
  @ApiProperty({ type: Boolean, nullable: true }) met: boolean | null;
  @ApiProperty({ type: Number, nullable: true }) score: number | null;
  @ApiProperty() comment: string;
}

export class ScoreDraftDto {
  @ApiProperty({ type: [DraftScoreDto] }) scores: DraftScoreDto[];
  @ApiProperty({ type: String, format: 'date-time' }) savedAt: string;
}

export class GateReviewDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: SubProjectRefDto }) subProject: SubProjectRefDto;
  @ApiProperty({ type: GateRefDto }) gate: GateRefDto;
  @ApiProperty({ enum: GateReviewStatus }) status: GateReviewStatus;
  @ApiProperty({ type: DateDto }) scheduledFor: DateDto;
  @ApiProperty({ type: PacketDto, nullable: true }) packet: PacketDto | null;
  @ApiProperty({ description: 'The reviewers (ministry users see only how many)', type: [ReviewerDto], nullable: true }) reviewers: ReviewerDto[] | null;
  @ApiProperty() reviewerCount: number;
  @ApiProperty({ enum: GateDecision, nullable: true }) decision: GateDecision | null;
  @ApiProperty({ type: String, nullable: true }) decisionReasons: string | null;
  @ApiProperty({ type: UserRefDto, nullable: true }) decidedBy: UserRefDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: ScoreSummaryDto, nullable: true, description: 'Recorded at the decision; live while scoring (not for ministry users before the decision)' })
  scoreSummary: ScoreSummaryDto | null;
  @ApiProperty({ type: [ScoreDto], nullable: true, description: 'Individual scores: the secretariat and viewers; a reviewer sees their own (all after the decision); ministry users never' })
  scores: ScoreDto[] | null;
  @ApiProperty({ type: [GateCriterionDto] }) criteria: GateCriterionDto[];
  @ApiProperty({ type: [GateConditionDto] }) conditions: GateConditionDto[];
  @ApiProperty({ type: ScoreDraftDto, nullable: true, description: 'An assigned reviewer\'s own unsubmitted draft (no one else sees it); null for everyone else' })
  myDraft: ScoreDraftDto | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export class GateReviewListDto {
  @ApiProperty({ type: [GateReviewDto] }) items: GateReviewDto[];
}

export class GateConditionListDto {
  @ApiProperty({ type: [GateConditionDto] }) items: GateConditionDto[];
}
