import { AutoComplete, Input } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Suggestion } from './types';
import { client } from '../lib/client';

/** Search box with suggestions (brands, categories, product names) as the buyer types. */
export function SearchBox({ value, onSearch, onPick }: {
  value: string;
  onSearch: (q: string) => void;
  onPick: (s: Suggestion) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const [debounced, setDebounced] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    const h = setTimeout(() => setDebounced(text.trim()), 200);
    return () => clearTimeout(h);
  }, [text]);
  const { data } = useQuery({
    queryKey: ['catalog', 'suggest', debounced],
    queryFn: () => client.get('/api/catalog/suggest', { query: { q: debounced } }),
    enabled: debounced.length > 0 && debounced !== value,
    staleTime: 60_000,
  });
  const label = (s: Suggestion) => (s.type === 'brand' ? `${t('catalog.suggestBrand')}：` : s.type === 'category' ? `${t('catalog.suggestCategory')}：` : '');
  return (
    <AutoComplete
      style={{ width: '100%' }}
      value={text}
      onChange={(v: string) => {
        // choosing an option reports its key (brand:12) as the value: keep the typed text instead
        if (!/^(product|brand|category):\d+$/.test(v)) setText(v);
      }}
      options={(debounced && debounced !== value ? data ?? [] : []).map((s) => ({ value: `${s.type}:${s.id}`, label: <span data-testid="suggestion">{label(s)}{s.text}</span> }))}
      onSelect={(v: string) => {
        const s = data?.find((x) => `${x.type}:${x.id}` === v);
        if (s) {
          setText(s.type === 'product' ? s.text : '');
          onPick(s);
        }
      }}
    >
      <Input.Search allowClear enterButton placeholder={t('catalog.searchPlaceholder')} onSearch={(q) => onSearch(q.trim())} data-testid="catalog-search" />
    </AutoComplete>
  );
}
