import { AppShell, Badge, Burger, Group, Menu, NavLink, ScrollArea, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconLanguage, IconListCheck, IconListDetails, IconLogout, IconPlus, IconUserCircle } from '@tabler/icons-react';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe, useSignOut } from '../auth/session';
import { SessionExpiredDialog } from '../auth/session-expired-dialog';
import { type Language, LANGUAGES, setLanguage } from '../i18n/i18n';
import { useMyWorkCount } from '../my-work/my-work.queries';
import { useDashboardNav } from '../dashboard/nav';
import { useProgrammesNav } from '../programmes/nav';
import { useRoadmapNav } from '../roadmap/nav';
import { useGatesNav } from '../gates/nav';
import { useMeetingsNav } from '../meetings/nav';
import { useReportsNav } from '../reports/nav';
import { useInboxNav } from '../inbox/nav';
import { useAccountNav } from '../account/nav';
import { ActingForBanner, ActingForSwitcher } from '../account/acting-for-switcher';
import { useUsersNav } from '../users/nav';
import { useOrganisationsNav } from '../organisations/nav';
import { useProgrammeSetupNav } from '../programme-setup/nav';
import { useImportsNav } from '../imports/nav';
import type { NavEntry } from './nav';

/** The frame of every signed-in screen: header with the user and language, navigation with counts. */
export function Layout() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const signOut = useSignOut();
  const [opened, { toggle, close }] = useDisclosure(false);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const workCount = useMyWorkCount();

  // Each feature's hook is called on every render, in this order (hooks rule); the order is the menu's.
  const dashboard = useDashboardNav();
  const programmes = useProgrammesNav();
  const roadmap = useRoadmapNav();
  const gates = useGatesNav();
  const meetings = useMeetingsNav();
  const reports = useReportsNav();
  const inbox = useInboxNav();
  const account = useAccountNav();
  const users = useUsersNav();
  const organisations = useOrganisationsNav();
  const programmeSetup = useProgrammeSetupNav();
  const imports = useImportsNav();
  const links: NavEntry[] = [
    { to: '/', label: t('nav.myWork'), icon: IconListCheck, count: workCount, countLabel: t('nav.itemsWaiting'), active: pathname === '/' },
    ...dashboard,
    { to: '/sub-projects', label: t('nav.subProjects'), icon: IconListDetails, active: pathname.startsWith('/sub-projects') && pathname !== '/sub-projects/new' },
    ...(hasRole(me, 'coordinator') ? [{ to: '/sub-projects/new', label: t('nav.newSubProject'), icon: IconPlus, active: pathname === '/sub-projects/new' }] : []),
    ...roadmap,
    ...programmes,
    ...gates,
    ...meetings,
    ...reports,
    ...inbox,
    ...account,
    ...users,
    ...organisations,
    ...programmeSetup,
    ...imports,
  ];

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className="skip-link">{t('skipToContent')}</a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.main')} />
            <Link to="/" className="brand">
              <Text span inherit visibleFrom="xs">{t('appFullName')}</Text>
              <Text span inherit hiddenFrom="xs">{t('appName')}</Text>
            </Link>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ActingForSwitcher />
            <Menu position="bottom-end">
              <Menu.Target>
                <UnstyledButton className="header-button" aria-label={`${t('user.language')}: ${t(`languageName.${i18n.language}`)}`}>
                  <IconLanguage size={18} aria-hidden />
                  <Text span size="sm" visibleFrom="xs">{t(`languageName.${i18n.language}`)}</Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                {LANGUAGES.map((language: Language) => (
                  <Menu.Item key={language} onClick={() => void setLanguage(language)} aria-current={i18n.language === language ? 'true' : undefined} lang={language === 'en' ? 'en' : 'zh-Hant-TW'}>
                    {t(`languageName.${language}`)}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            {me && (
              <Menu position="bottom-end">
                <Menu.Target>
                  <UnstyledButton className="header-button" aria-label={`${t('user.menu')}: ${me.displayName}`}>
                    {/* At 320 px there is no room for the name beside the brand: an icon (the button's label keeps the name). */}
                    <IconUserCircle size={20} aria-hidden />
                    <Text span size="sm" fw={600} truncate maw={160} visibleFrom="xs">{me.displayName}</Text>
                    <IconChevronDown size={14} aria-hidden />
                  </UnstyledButton>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>{me.roles.map((r) => t(`roles.${r}`)).join('、')}</Menu.Label>
                  <Menu.Item component={Link} to="/account" leftSection={<IconUserCircle size={16} aria-hidden />}>{t('user.myAccount')}</Menu.Item>
                  <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void signOut()}>{t('user.signOut')}</Menu.Item>
                  <Menu.Item onClick={() => void signOut(true)}>{t('user.signOutEverywhere')}</Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.main')} component="nav">
        <ScrollArea>
          {links.map((link) => (
            <NavLink
              key={link.to}
              component={Link}
              to={link.to}
              label={link.label}
              active={link.active}
              aria-current={link.active ? 'page' : undefined}
              leftSection={<link.icon size={18} aria-hidden />}
              rightSection={link.count ? <Badge size="sm" color="dark">{link.count}{link.countLabel && <VisuallyHidden>{link.countLabel}</VisuallyHidden>}</Badge> : null}
              onClick={close}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <ActingForBanner />
        <Outlet />
      </AppShell.Main>
      <SessionExpiredDialog />
    </AppShell>
  );
}
