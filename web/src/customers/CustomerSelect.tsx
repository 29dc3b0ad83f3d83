import { Select } from 'antd';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../lib/client';

type Props = { id?: string; testId?: string } & (
  | { multiple: true; value?: number[]; onChange?: (v: number[]) => void }
  | { multiple?: false; value?: number | null; onChange?: (v: number | null) => void }
);

/** Customer picker searching GET /customers by name, code or contact (scoped to the caller). */
export function CustomerSelect(props: Props) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const hits = useQuery({ queryKey: ['customer-search', q], queryFn: () => client.get('/api/customers', { query: { q, pageSize: 20 } }) });
  const chosen = props.multiple ? (props.value ?? []) : props.value != null ? [props.value] : [];
  const found = new Map((hits.data?.items ?? []).map((c) => [c.id, c]));
  // names of already chosen customers that the current search does not return
  const missing = useQueries({
    queries: chosen.filter((id) => !found.has(id)).map((id) => ({ queryKey: ['customer', id], queryFn: () => client.get('/api/customers/{id}', { path: { id } }), staleTime: 60_000 })),
  });
  for (const m of missing) if (m.data) found.set(m.data.id, m.data);
  const options = [...found.values()].map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }));
  return (
    <Select<number | number[]>
      id={props.id}
      data-testid={props.testId}
      mode={props.multiple ? 'multiple' : undefined}
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={t('pricing.pickCustomer')}
      value={props.multiple ? chosen : (props.value ?? null)}
      onChange={(v) => {
        if (props.multiple) props.onChange?.((v as number[] | undefined) ?? []);
        else props.onChange?.((v as number | undefined) ?? null);
      }}
      options={options}
      style={{ width: '100%' }}
    />
  );
}
