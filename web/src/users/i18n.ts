export const zh = {
  users: {
    create: '新建账号', role: '角色', company: '所属客户', lastLogin: '最近登录', disable: '停用', enable: '启用',
    resetPassword: '重置密码', newPassword: '新密码（仅显示一次）', searchHint: '账号 / 姓名 / 手机', phone: '手机',
    supplierTitle: '公司名称', supplierIntro: '显示在管理后台顶部、登录页和客户注册页。', supplierPlaceholder: '如：杭州某某食品有限公司', supplierSaved: '公司名称已保存',
  },
};
export const en: typeof zh = {
  users: {
    create: 'New user', role: 'Role', company: 'Customer', lastLogin: 'Last sign-in', disable: 'Disable', enable: 'Enable',
    resetPassword: 'Reset password', newPassword: 'New password (shown once)', searchHint: 'Login / name / phone', phone: 'Phone',
    supplierTitle: 'Company name', supplierIntro: 'Shown at the top of the console, on the sign-in page and on the customer registration page.', supplierPlaceholder: 'e.g. Hangzhou Foods Co., Ltd.', supplierSaved: 'Company name saved',
  },
};
