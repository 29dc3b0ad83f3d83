import { useTranslation } from 'react-i18next';

/**
 * Who did something on a timeline or ledger: the person's name and their role's label
 * (roles.<code> in the viewer's language), or 系统 for automatic steps. Never a role code.
 */
export function ActorName({ name, role }: { name: string | null | undefined; role: string | null | undefined }) {
  const { t } = useTranslation();
  if (role === 'system') return <>{t('roles.system')}</>;
  const roleLabel = role ? t(`roles.${role}`, { defaultValue: '' }) : '';
  return <>{[name, roleLabel].filter(Boolean).join(' · ')}</>;
}
