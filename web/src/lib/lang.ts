import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18n from 'i18next';
import type { Locale } from 'antd/es/locale';
import zhCN from 'antd/locale/zh_CN';
import { initReactI18next } from 'react-i18next';
import { loadEnMessages, zhMessages } from './registry';

export type Lang = 'zh-CN' | 'en';
const KEY = 'ordo.lang';

export function savedLang(): Lang {
  const v = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
  return v === 'en' ? 'en' : 'zh-CN';
}

/**
 * dayjs follows the language: zh-cn names weekdays in Chinese and starts weeks on Monday in the
 * date pickers (antd takes the rest of its wording from ConfigProvider's zhCN / enUS; dayjs's
 * English is built in).
 */
function setDayjsLocale(lang: Lang) {
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
}

// English (Ordo's messages and antd's) is fetched the first time it is needed, so a Chinese
// user's first page carries one language (issue 20).
let enAntd: Locale | null = null;
let enLoading: Promise<void> | null = null;
function ensureEnglish(): Promise<void> {
  enLoading ??= Promise.all([loadEnMessages(), import('antd/locale/en_US')]).then(([messages, antd]) => {
    i18n.addResourceBundle('en', 'translation', messages, true, true);
    enAntd = antd.default;
  });
  return enLoading;
}

/** antd's own wording (pagination, pickers, empty states) in the active language. */
export function antdLocale(lang: string): Locale {
  return lang === 'en' && enAntd ? enAntd : zhCN;
}

export async function setLang(lang: Lang) {
  if (lang === 'en') await ensureEnglish();
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  setDayjsLocale(lang);
  await i18n.changeLanguage(lang);
}

setDayjsLocale(savedLang());

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhMessages } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

/** Resolves when the saved language's messages are in: render after it, so English never flashes Chinese first. */
export const langReady: Promise<void> = savedLang() === 'en' ? setLang('en').catch(() => undefined) : Promise.resolve();

export default i18n;
