import { App, InputNumber, Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';
import { ApiError } from '../lib/api';
import { useMe } from '../lib/auth';
import { yuanToFen } from '../lib/format';

/** An API error as one line: the server's message plus the fields it names. */
export function errorText(e: unknown): string {
  if (!(e instanceof ApiError)) return String(e);
  const d = e.details;
  const fields = Array.isArray(d) ? (d as { path?: string; row?: number | null; message: string }[]).slice(0, 5).map((x) => `${x.row != null ? `#${x.row} ` : ''}${x.path ?? ''} ${x.message}`.trim()) : [];
  return fields.length ? `${e.message}：${fields.join('；')}` : e.message;
}

/** `onError` for mutations: shows the error as a toast. */
export function useFail() {
  const { message } = App.useApp();
  return (e: unknown) => void message.error(errorText(e));
}

/** Money entered in yuan (two decimals at most) and kept in the form as integer fen. */
export function YuanInput({ id, value, onChange, placeholder, testId, style, ariaLabel }: { id?: string; value?: number | null; onChange?: (fen: number | null) => void; placeholder?: string; testId?: string; style?: React.CSSProperties; ariaLabel?: string }) {
  return (
    <InputNumber<number>
      style={{ width: '100%', ...style }}
      id={id}
      aria-label={ariaLabel}
      prefix="¥"
      min={0}
      precision={2}
      step={1}
      placeholder={placeholder}
      data-testid={testId}
      value={value == null ? null : value / 100}
      onChange={(v) => onChange?.(v == null ? null : yuanToFen(v.toFixed(2)))}
    />
  );
}

/** A percentage entered as "12.5" and kept as basis points (1250). */
export function PercentInput({ id, value, onChange, testId, max = 100, ariaLabel }: { id?: string; value?: number | null; onChange?: (bp: number | null) => void; testId?: string; max?: number; ariaLabel?: string }) {
  return (
    <InputNumber<number>
      style={{ width: '100%' }}
      id={id}
      aria-label={ariaLabel}
      suffix="%"
      min={0}
      max={max}
      precision={2}
      data-testid={testId}
      value={value == null ? null : value / 100}
      onChange={(v) => onChange?.(v == null ? null : Math.round(v * 100))}
    />
  );
}

/** "12%" from basis points. */
export const percent = (bp: number | null | undefined) => (bp == null ? '—' : `${(bp / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}%`);

export function useTiers() {
  return useQuery({ queryKey: ['tiers'], queryFn: () => client.get('/api/tiers') });
}

/** Active sales reps (only admins may list users, so others get an empty list). */
export function useSalesReps() {
  const { data: me } = useMe();
  return useQuery({
    queryKey: ['sales-reps'],
    enabled: me?.role === 'admin',
    queryFn: async () => (await client.get('/api/users', { query: { role: 'sales', pageSize: 100 } })).items.filter((u) => u.status === 'active'),
  });
}

/** A label/value line for read-only detail cards. */
export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div style={{ display: 'flex', gap: 8, padding: '4px 0' }}>
      <Typography.Text type="secondary" style={{ minWidth: 88 }}>{label}</Typography.Text>
      <span style={{ flex: 1, wordBreak: 'break-all' }}>{children}</span>
    </div>
  );
}

/** Free tags kept as string[] (type and press Enter). */
export function TagsInput({ value, onChange }: { value?: string[]; onChange?: (v: string[]) => void }) {
  const { t } = useTranslation();
  return <Select mode="tags" placeholder={t('customers.tagsHint')} value={value ?? []} onChange={onChange} tokenSeparators={[',', '，']} open={false} suffixIcon={null} />;
}
