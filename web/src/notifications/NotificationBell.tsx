import { Badge, Button, Drawer, Empty, Grid, List, Popover, Space, Switch, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { client, type Response } from '../lib/client';
import { dateTime } from '../lib/format';
import { useUnreadCount } from './useUnreadCount';

type Notification = Response<'/api/notifications'>['items'][number];

/** The bell in the header: unread badge (live over server-sent events, polled only while the stream is down), a list of recent messages, mark read. */
export function NotificationBell() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const phone = !Grid.useBreakpoint().md;
  const [open, setOpen] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const count = useUnreadCount();
  const list = useQuery({
    queryKey: ['notifications', 'list', unreadOnly],
    queryFn: () => client.get('/api/notifications', { query: { pageSize: 20, unread: unreadOnly ? 'true' : undefined } }),
    enabled: open,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['notifications'] });
  const read = useMutation({ mutationFn: (id: number) => client.post('/api/notifications/{id}/read', { path: { id } }), onSuccess: refresh });
  const readAll = useMutation({ mutationFn: () => client.post('/api/notifications/read-all'), onSuccess: refresh });

  const openItem = (n: Notification) => {
    if (!n.readAt) read.mutate(n.id);
    if (n.link) {
      setOpen(false);
      navigate(n.link);
    }
  };

  const content = (
    <div style={{ width: phone ? '100%' : 340 }} data-testid="notification-list">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Space size={4}><Switch size="small" checked={unreadOnly} onChange={setUnreadOnly} /><Typography.Text type="secondary">{t('notifications.unreadOnly')}</Typography.Text></Space>
        <Button size="small" type="link" disabled={!count.data?.unread} loading={readAll.isPending} onClick={() => readAll.mutate()}>{t('notifications.readAll')}</Button>
      </Space>
      <List<Notification>
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} /> }}
        style={{ maxHeight: 420, overflow: 'auto' }}
        renderItem={(n) => (
          <List.Item onClick={() => openItem(n)} style={{ cursor: n.link || !n.readAt ? 'pointer' : 'default', paddingInline: 4, background: n.readAt ? undefined : '#f0f7ff' }}>
            <List.Item.Meta
              title={<Space size={6}>{!n.readAt && <Badge status="processing" />}<span>{n.title}</span>{n.count > 1 && <Badge count={n.count} color="blue" overflowCount={999} data-testid="notification-group-count" />}</Space>}
              description={<><div style={{ color: '#555' }}>{n.body}</div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{dateTime(n.createdAt)}</Typography.Text></>}
            />
          </List.Item>
        )}
      />
    </div>
  );

  const button = (
    <Badge count={count.data?.unread ?? 0} size="small" overflowCount={99}>
      <Button type="text" shape="circle" icon={<BellOutlined style={{ fontSize: 18 }} />} aria-label={t('notifications.bell')} data-testid="notification-bell" onClick={phone ? () => setOpen(true) : undefined} />
    </Badge>
  );
  // On a phone a popover would run off the screen: the list opens as a full-width drawer.
  if (phone) {
    return (
      <>
        {button}
        <Drawer open={open} onClose={() => setOpen(false)} placement="top" height="auto" title={t('notifications.title')} styles={{ body: { padding: 12 } }}>{content}</Drawer>
      </>
    );
  }
  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" placement="bottomRight" title={t('notifications.title')} content={content}>
      {button}
    </Popover>
  );
}
