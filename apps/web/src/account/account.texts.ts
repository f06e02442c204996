import { registerTexts } from '../i18n/i18n';

registerTexts('account', {
  'zh-TW': {
    title: '我的帳號',
    profile: { heading: '基本資料', displayName: '顯示名稱', locale: '語言（畫面與電子郵件）', email: '電子郵件', roles: '角色', organisation: '機關', saved: '已儲存基本資料。' },
    password: {
      heading: '變更密碼', current: '目前的密碼', next: '新密碼', confirm: '再輸入一次新密碼', submit: '變更密碼',
      hint: '至少 12 個字元；不可使用常見密碼或包含您的電子郵件帳號名稱。變更後，您其他裝置上的登入都會結束，這個裝置仍維持登入。',
      mismatch: '兩次輸入的新密碼不一致。', show: '顯示或隱藏密碼', done: '密碼已變更，其他 {{count}} 個登入已結束。',
    },
    sessions: {
      heading: '登入中的裝置', tableLabel: '登入中的裝置一覽', actionsCol: '動作', created: '登入時間', lastUsed: '最近使用', device: '裝置（瀏覽器）', address: '位址', thisDevice: '這個裝置',
      browser: '瀏覽器', bearer: 'API 用戶端', signOut: '登出', signOutOthers: '登出其他所有裝置', othersDone: '已登出其他 {{count}} 個裝置。',
      signOutOf: '登出 {{device}}（{{when}} 登入）', unknownDevice: '不明裝置', none: '—',
    },
    notifications: { heading: '通知與行事曆', body: '要收到哪些通知、即時或彙整寄送，以及行事曆訂閱網址，都在通知設定頁。', link: '前往通知設定與行事曆訂閱' },
    delegation: {
      heading: '職務代理', intro: '請假或出差時，可指定同機關、相同角色的同仁在一段期間內代理您的職務。代理人的每個動作都會記錄為「代理人 代 您」。',
      delegate: '代理人', startsOn: '開始日', endsOn: '結束日（含當天）', reason: '事由（選填）', create: '指定代理人',
      given: '我指定的代理', received: '我代理的同仁', none: '目前沒有。', end: '結束代理', endOf: '結束 {{name}} 的代理',
      period: '{{from}} 至 {{to}}', created: '已指定代理人。', noCandidates: '您的機關目前沒有其他相同角色的同仁可以擔任代理人。',
      status: { upcoming: '尚未開始', active: '代理中', ended: '已提前結束', expired: '已到期' },
      delegatorCol: '被代理人', delegateCol: '代理人', periodCol: '期間', statusCol: '狀態', actionsCol: '動作',
    },
    acting: {
      switcher: '職務代理', asMyself: '以本人身分（{{name}}）', actFor: '代理 {{name}} 的職務',
      banner: '您正在代理 {{name}} 的職務：所做的每個動作都會記錄為「{{me}} 代 {{name}}」。', stop: '結束代理，回到本人身分',
      expired: '代理已結束或到期，已回到本人身分。',
    },
    audit: {
      heading: '稽核紀錄', empty: '尚無紀錄。', by: '{{who}}・{{when}}', onBehalf: '{{acting}} 代 {{actor}}', system: '系統',
      action: {
        submission: { create: '建立填報', update: '儲存草稿', add_evidence: '上傳佐證資料', submit: '送主管核定', approve: '主管核定送出', send_back: '主管退回', accept: '審核通過', return: '退回補正', revise: '重新編修' },
        delegation: { create: '指定職務代理', end: '結束職務代理' },
      },
    },
  },
  en: {
    title: 'My account',
    profile: { heading: 'Profile', displayName: 'Display name', locale: 'Language (screens and emails)', email: 'Email', roles: 'Roles', organisation: 'Organisation', saved: 'Profile saved.' },
    password: {
      heading: 'Change password', current: 'Current password', next: 'New password', confirm: 'New password again', submit: 'Change password',
      hint: 'At least 12 characters; not a common password and not containing the name part of your email. Afterwards your sign-ins on other devices end; this one stays signed in.',
      mismatch: 'The two new passwords differ.', show: 'Show or hide the password', done: 'Password changed; {{count}} other sign-ins ended.',
    },
    sessions: {
      heading: 'Signed-in devices', tableLabel: 'List of signed-in devices', actionsCol: 'Actions', created: 'Signed in', lastUsed: 'Last used', device: 'Device (browser)', address: 'Address', thisDevice: 'This device',
      browser: 'Browser', bearer: 'API client', signOut: 'Sign out', signOutOthers: 'Sign out all other devices', othersDone: 'Signed out {{count}} other devices.',
      signOutOf: 'Sign out {{device}} (signed in {{when}})', unknownDevice: 'unknown device', none: '—',
    },
    notifications: { heading: 'Notifications and calendar', body: 'Which notifications you get, at once or in a digest, and your calendar feed address are on the notification settings page.', link: 'Go to notification settings and calendar feed' },
    delegation: {
      heading: 'Acting delegates (職務代理)', intro: 'When you are away, name a colleague of your organisation with the same role to act for you for a period. Everything they do is recorded as "delegate for you".',
      delegate: 'Delegate', startsOn: 'First day', endsOn: 'Last day (inclusive)', reason: 'Reason (optional)', create: 'Name delegate',
      given: 'Delegates I named', received: 'Colleagues I act for', none: 'None.', end: 'End', endOf: 'End the delegation to {{name}}',
      period: '{{from}} to {{to}}', created: 'Delegate named.', noCandidates: 'No other colleague of your organisation holds your role.',
      status: { upcoming: 'Upcoming', active: 'Active', ended: 'Ended early', expired: 'Expired' },
      delegatorCol: 'For', delegateCol: 'Delegate', periodCol: 'Period', statusCol: 'Status', actionsCol: 'Actions',
    },
    acting: {
      switcher: 'Acting for', asMyself: 'As myself ({{name}})', actFor: 'Acting for {{name}}',
      banner: 'You are acting for {{name}}: everything you do is recorded as "{{me}} for {{name}}".', stop: 'Stop acting, back to myself',
      expired: 'The delegation ended or expired: you act as yourself again.',
    },
    audit: {
      heading: 'Audit trail', empty: 'Nothing recorded yet.', by: '{{who}} · {{when}}', onBehalf: '{{acting}} for {{actor}}', system: 'System',
      action: {
        submission: { create: 'Draft created', update: 'Draft saved', add_evidence: 'Evidence uploaded', submit: 'Sent to supervisor', approve: 'Approved by supervisor', send_back: 'Sent back by supervisor', accept: 'Accepted', return: 'Returned for revision', revise: 'Reopened for revision' },
        delegation: { create: 'Delegate named', end: 'Delegation ended' },
      },
    },
  },
});
