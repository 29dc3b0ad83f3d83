import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import i18n, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { messages } from './registry';

export type Lang = 'zh-CN' | 'en';
const KEY = 'ordo.lang';

export function savedLang(): Lang {
  const v = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
  return v === 'en' ? 'en' : 'zh-CN';
}

/**
 * dayjs follows the language: zh-cn names weekdays in Chinese and starts weeks on Monday in the
 * date pickers (antd takes the rest of its wording from ConfigProvider's zhCN / enUS).
 */
function setDayjsLocale(lang: Lang) {
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
}

export function setLang(lang: Lang) {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  setDayjsLocale(lang);
  void i18n.changeLanguage(lang);
}

setDayjsLocale(savedLang());

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: messages.zh }, en: { translation: messages.en } } as Resource,
  lng: savedLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export default i18n;
