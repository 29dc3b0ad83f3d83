export const zh = {
  app: { name: 'Ordo 订货', console: '供应商管理后台', portal: '客户订货平台' },
  common: {
    save: '保存', cancel: '取消', confirm: '确定', delete: '删除', edit: '编辑', create: '新建', search: '搜索', reset: '重置',
    actions: '操作', status: '状态', loading: '加载中…', empty: '暂无数据', back: '返回', submit: '提交', close: '关闭',
    yes: '是', no: '否', total: '共 {{count}} 条', saved: '已保存', failed: '操作失败', refresh: '刷新', export: '导出', import: '导入',
    active: '启用', disabled: '停用', name: '名称', code: '编码', remark: '备注', createdAt: '创建时间', detail: '详情', all: '全部',
  },
  auth: {
    title: '登录', login: '账号', password: '密码', submit: '登录', logout: '退出登录', welcome: '欢迎，{{name}}',
    unlockRequest: '是本人？发送解锁链接到账号邮箱', unlockSent: '如果该账号已被锁定并登记了邮箱，解锁链接已发送（30 分钟内有效，只能使用一次）。请查收邮件。',
    unlockTitle: '解锁账号', unlockIntro: '点击下面的按钮，解除因多次登录失败造成的锁定。', unlockDo: '解锁账号', unlockDone: '账号 {{login}} 已解锁，现在可以登录了。', unlockNoToken: '链接不完整：请从邮件中完整打开解锁链接。', unlockToLogin: '去登录',
    loginRequired: '请输入账号', passwordRequired: '请输入密码', demoHint: '演示账号密码均为 Ordo-demo-2026',
    changePassword: '修改密码', currentPassword: '当前密码', newPassword: '新密码', passwordChanged: '密码已修改',
    scopes: '权限范围（接口权限代码）', tokenPrefix: '令牌前缀',
  },
  roles: { admin: '管理员', sales: '业务员', warehouse: '仓管', finance: '财务', customer_admin: '客户管理员', customer_buyer: '采购员', system: '系统' },
  menu: {
    home: '工作台', orders: '订单', catalog: '商品', customers: '客户', inventory: '库存', finance: '财务', reports: '报表', system: '系统',
    users: '账号管理', account: '我的账号', tokens: 'API 令牌', audit: '操作日志', open: '菜单',
  },
  portal: { home: '首页', me: '我的', language: '语言', account: '账号与安全' },
  home: {
    staffTitle: '{{role}}工作台', staffIntro: '从菜单进入各项工作。', customerTitle: '{{company}}', customerIntro: '欢迎来订货，您看到的是贵公司的专属价格与实时库存。',
    quick: '常用功能', todo: '待办', allClear: '暂无待办',
    todos: { review: '待审核', toShip: '待发货', awaitingPayment: '待付款', transfers: '待确认收款', lowStock: '低于安全库存', replenishment: '补货建议', aftersalesOverdue: '售后超时', complaintsOverdue: '投诉超时' },
  },
  notFound: '页面不存在',
};

export const en: typeof zh = {
  app: { name: 'Ordo', console: 'Supplier console', portal: 'Ordering portal' },
  common: {
    save: 'Save', cancel: 'Cancel', confirm: 'OK', delete: 'Delete', edit: 'Edit', create: 'New', search: 'Search', reset: 'Reset',
    actions: 'Actions', status: 'Status', loading: 'Loading…', empty: 'Nothing here yet', back: 'Back', submit: 'Submit', close: 'Close',
    yes: 'Yes', no: 'No', total: '{{count}} in total', saved: 'Saved', failed: 'Failed', refresh: 'Refresh', export: 'Export', import: 'Import',
    active: 'Active', disabled: 'Disabled', name: 'Name', code: 'Code', remark: 'Note', createdAt: 'Created', detail: 'Details', all: 'All',
  },
  auth: {
    title: 'Sign in', login: 'Login', password: 'Password', submit: 'Sign in', logout: 'Sign out', welcome: 'Welcome, {{name}}',
    unlockRequest: 'Is it you? E-mail an unlock link to the account\'s address', unlockSent: 'If this login is locked and has an e-mail address, an unlock link is on its way (valid 30 minutes, works once). Check your mail.',
    unlockTitle: 'Unlock your sign-in', unlockIntro: 'Press the button to lift the lock caused by failed sign-ins.', unlockDo: 'Unlock', unlockDone: 'The login {{login}} is unlocked: you can sign in now.', unlockNoToken: 'The link is incomplete: open the whole link from the e-mail.', unlockToLogin: 'Sign in',
    loginRequired: 'Enter your login', passwordRequired: 'Enter your password', demoHint: 'Every demo account uses the password Ordo-demo-2026',
    changePassword: 'Change password', currentPassword: 'Current password', newPassword: 'New password', passwordChanged: 'Password changed',
    scopes: 'Scopes (permission codes)', tokenPrefix: 'Token prefix',
  },
  roles: { admin: 'Admin', sales: 'Sales rep', warehouse: 'Warehouse', finance: 'Finance', customer_admin: 'Customer admin', customer_buyer: 'Buyer', system: 'System' },
  menu: {
    home: 'Dashboard', orders: 'Orders', catalog: 'Catalog', customers: 'Customers', inventory: 'Inventory', finance: 'Finance', reports: 'Reports', system: 'System',
    users: 'Users', account: 'My account', tokens: 'API tokens', audit: 'Audit log', open: 'Menu',
  },
  portal: { home: 'Home', me: 'Me', language: 'Language', account: 'Account & security' },
  home: {
    staffTitle: '{{role}} dashboard', staffIntro: 'Pick a task from the menu.', customerTitle: '{{company}}', customerIntro: 'Welcome. You see your own prices and live stock.',
    quick: 'Shortcuts', todo: 'Waiting for you', allClear: 'Nothing waiting',
    todos: { review: 'To review', toShip: 'To ship', awaitingPayment: 'Awaiting payment', transfers: 'Transfers to confirm', lowStock: 'Below safety stock', replenishment: 'Replenishment suggestions', aftersalesOverdue: 'After-sales overdue', complaintsOverdue: 'Complaints overdue' },
  },
  notFound: 'Page not found',
};
