import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-tw';
import { GLOSSARY } from '../../../../libs/common/glossary';
import { common } from './common.texts';

export type Language = 'zh-TW' | 'en';
export const LANGUAGES: readonly Language[] = ['zh-TW', 'en'];
const STORAGE_KEY = 'guankao.language';

/** A feature's texts: one namespace, zh-TW first, English second. */
export interface Texts {
  'zh-TW': Record<string, unknown>;
  en: Record<string, unknown>;
}

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' || stored === 'zh-TW' ? stored : 'zh-TW';
}

void i18next.use(initReactI18next).init({
  lng: initialLanguage(),
  fallbackLng: 'zh-TW',
  defaultNS: 'common',
  ns: ['common', 'glossary'],
  resources: {
    'zh-TW': { common: common['zh-TW'], glossary: GLOSSARY['zh-TW'] },
    en: { common: common.en, glossary: GLOSSARY.en },
  },
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Adds a feature's namespace (called at module load of the feature, before it renders). */
export function registerTexts(namespace: string, texts: Texts): void {
  for (const language of LANGUAGES) i18next.addResourceBundle(language, namespace, texts[language], true, true);
}

export function currentLanguage(): Language {
  return i18next.language === 'en' ? 'en' : 'zh-TW';
}

function applyToDocument(language: Language): void {
  document.documentElement.lang = language === 'en' ? 'en' : 'zh-Hant-TW';
  dayjs.locale(language === 'en' ? 'en' : 'zh-tw');
}

export async function setLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language);
  await i18next.changeLanguage(language);
  applyToDocument(language);
}

applyToDocument(currentLanguage());
export { i18next };
