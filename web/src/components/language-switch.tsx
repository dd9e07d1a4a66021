import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, isLanguage, LANGUAGES, setLanguage } from '../i18n/i18n';

/** 中文 / English; the choice is remembered in localStorage (`tierline.lang`). */
export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' }) {
  const { t, i18n } = useTranslation();
  const value = isLanguage(i18n.language) ? i18n.language : currentLanguage();
  return (
    <Segmented
      size={size}
      aria-label={t('language.label')}
      value={value}
      options={LANGUAGES.map((language) => ({ value: language, label: t(`language.${language}`) }))}
      onChange={(next) => {
        if (isLanguage(next)) void setLanguage(next);
      }}
    />
  );
}
