import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 50;

/** `limit` and `after` of every keyset-paginated list. */
export class PageQuery {
  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: 200 })
  // class-validator checks the decorator nearest the property first; with stopAtFirstError the type check must come first.
  @IsOptional() @Type(() => Number) @Min(1, { message: 'limit must be at least 1' }) @Max(200, { message: 'limit must be at most 200' }) @IsInt({ message: 'limit must be a whole number' })
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional() @MaxLength(500) @IsString()
  after?: string;
}
