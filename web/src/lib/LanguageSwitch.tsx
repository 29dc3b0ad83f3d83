import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLang, type Lang } from './lang';

/** 中文 / EN switch; the choice is remembered in the browser. Each language is named in itself (translate="no"). */
export function LanguageSwitch({ size = 'small' }: { size?: 'small' | 'middle' }) {
  const { i18n } = useTranslation();
  return (
    <Segmented
      size={size}
      data-testid="lang-switch"
      translate="no"
      value={i18n.language === 'en' ? 'en' : 'zh-CN'}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'EN', value: 'en' },
      ]}
      onChange={(v) => setLang(v as Lang)}
    />
  );
}
