export const zh = {
  notifications: { title: '消息通知', empty: '暂无消息', readAll: '全部已读', unreadOnly: '只看未读', bell: '消息' },
};
export const en: typeof zh = {
  notifications: { title: 'Notifications', empty: 'No notifications', readAll: 'Mark all read', unreadOnly: 'Unread only', bell: 'Notifications' },
};
