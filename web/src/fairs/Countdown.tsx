import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Time left until the fair opens or closes, ticking every second. The server's clock decides:
 * the offset between `serverNow` and this device's clock is taken once, so a phone whose clock
 * is off still counts down to the real closing second.
 */
export function Countdown({ opensAt, closesAt, serverNow, onEdge }: { opensAt: string; closesAt: string; serverNow: string; onEdge?: () => void }) {
  const { t } = useTranslation();
  const [skew] = useState(() => new Date(serverNow).getTime() - Date.now());
  const [now, setNow] = useState(() => Date.now() + skew);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + skew), 1000);
    return () => clearInterval(timer);
  }, [skew]);
  const open = new Date(opensAt).getTime();
  const close = new Date(closesAt).getTime();
  const before = now < open;
  const left = before ? open - now : close - now;
  const [edge, setEdge] = useState(false);
  useEffect(() => {
    if (left <= 0 && !edge) {
      setEdge(true);
      onEdge?.();
    }
  }, [left, edge, onEdge]);
  if (!before && now >= close) return <Typography.Text type="secondary" data-testid="fair-countdown">{t('fair.ended')}</Typography.Text>;
  const s = Math.max(0, Math.floor(left / 1000));
  const parts: [number, string][] = [[Math.floor(s / 86400), 'd'], [Math.floor((s % 86400) / 3600), 'h'], [Math.floor((s % 3600) / 60), 'm'], [s % 60, 's']];
  return (
    <span data-testid="fair-countdown" style={{ fontVariantNumeric: 'tabular-nums' }}>
      {t(before ? 'fair.countdownOpen' : 'fair.countdownClose')}{' '}
      {parts.filter(([v, u], i) => v > 0 || i >= 2 || u === 'h').map(([v, u]) => (
        <b key={u} style={{ fontSize: 18, margin: '0 2px' }}>{String(v).padStart(2, '0')}<small style={{ fontWeight: 400 }}>{t(`fair.${u}`)}</small></b>
      ))}
    </span>
  );
}
