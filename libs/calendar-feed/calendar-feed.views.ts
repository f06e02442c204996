import { ApiProperty } from '@nestjs/swagger';

export class CalendarFeedDto {
  @ApiProperty({ description: 'Whether a feed URL is live' }) enabled: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) createdAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The last time a calendar client fetched it' }) lastFetchedAt: string | null;
}

export class CalendarFeedCreatedDto extends CalendarFeedDto {
  @ApiProperty({ description: 'The private feed URL. Shown only now: only its hash is kept. Anyone with it can read the feed.', example: 'https://guankao.example.tw/api/calendar/Qm9….ics' })
  url: string;
}
