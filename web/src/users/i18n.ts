export const zh = {
  users: {
    create: '新建账号', role: '角色', company: '所属客户ID', lastLogin: '最近登录', disable: '停用', enable: '启用',
    resetPassword: '重置密码', newPassword: '新密码（仅显示一次）', searchHint: '账号 / 姓名 / 手机', phone: '手机',
  },
};
export const en: typeof zh = {
  users: {
    create: 'New user', role: 'Role', company: 'Company id', lastLogin: 'Last sign-in', disable: 'Disable', enable: 'Enable',
    resetPassword: 'Reset password', newPassword: 'New password (shown once)', searchHint: 'Login / name / phone', phone: 'Phone',
  },
};
