import { createTheme } from '@mantine/core';

/** Mantine's defaults, with text colours dark enough for WCAG AA contrast on white; no motion for those who ask for none. */
export const theme = createTheme({
  respectReducedMotion: true,
  primaryColor: 'indigo',
  primaryShade: 8,
  fontFamily: '"Noto Sans TC", "Noto Sans CJK TC", "PingFang TC", "Microsoft JhengHei", system-ui, sans-serif',
  defaultRadius: 'sm',
  focusRing: 'always',
  other: {},
});
