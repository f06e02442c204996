/**
 * The web application's page for each thing an email is about (the routes of apps/web; see
 * notes/contract.md). Emails link to these, never to the JSON routes under /api: a person opens
 * them in a browser. RenderContext.link() puts PUBLIC_URL in front.
 */
const code = (value: string) => encodeURIComponent(value);

export const WEB_PATH = {
  myWork: () => '/',
  submission: (id: string) => `/submissions/${id}`,
  milestone: (milestoneCode: string) => `/milestones/${code(milestoneCode)}`,
  subProject: (subProjectCode: string) => `/sub-projects/${code(subProjectCode)}`,
  subProjectsOfProgramme: (programmeCode: string) => `/sub-projects?programme=${code(programmeCode)}`,
  dueDateChange: (id: string) => `/due-date-changes/${id}`,
  resolution: (resolutionCode: string) => `/resolutions/${code(resolutionCode)}`,
  gateReview: (id: string) => `/gate-reviews/${id}`,
  meeting: (meetingCode: string) => `/meetings/${code(meetingCode)}`,
  reportSchedule: (id: string) => `/reports/schedules/${id}`,
  inbox: () => '/inbox',
  notificationPreferences: () => '/inbox/preferences',
  /** The invitation's or reset's one-time link (apps/web/src/auth/set-password.page.tsx). */
  setPassword: (token: string) => `/set-password?token=${code(token)}`,
} as const;
