// Chinese first (zh-CN), English second. Labels of the API's enums come from its `label`
// fields; this holds only the client's own words.
import { ref } from 'vue';

export type Locale = 'zh-CN' | 'en';

const zh = {
  appName: '石榴 · 民族团结进步示范创建',
  signIn: '登录', signOut: '退出', username: '用户名', password: '密码',
  signInTitle: '登录石榴平台', signedOutReused: '登录已在别处失效，请重新登录。',
  dashboard: '数据看板', reporting: '数据填报', decomposition: '任务分解', graphiql: '接口调试',
  period: '期间', year: '年度', quarter: '季度', month: '月份',
  yearly: '年', quarterly: '季', monthly: '月',
  completion: '完成率', actual: '完成', target: '目标', share: '占比', rank: '排名', name: '名称',
  byChild: '各下级目标与完成', trend: '月度趋势', ranking: '下级完成率排名',
  submissions: '下级上报情况', designations: '示范单位数量', rectification: '整改逾期',
  notSubmitted: '未上报', overdue: '逾期', total: '合计', none: '暂无数据',
  selected: '已选', selectedShare: '占全市', print: '打印', bigScreen: '数据大屏', exitBigScreen: '退出大屏',
  drillUp: '返回上级', children: '下级', switchTenant: '切换层级',
  online: '在线', offline: '离线（填报会先保存在本机）',
  save: '保存', submit: '上报', saving: '保存中…', saved: '已保存', changed: '已修改', empty: '未填',
  local: '已存本机，联网后自动发送', failed: '保存失败', locked: '已锁定',
  lockedBy: '已上报锁定', returned: '已退回', returnReason: '退回理由', discard: '放弃',
  submittedTo: '上报至', pendingOutbox: '条待发送', sendNow: '立即发送',
  noChanges: '没有需要保存的修改', submitDone: '已上报', invalidNumber: '请输入数字（最多4位小数）',
  indicator: '指标', ownTarget: '本级目标', quotaReceived: '上级下达', handedDown: '已分解', gap: '未分解',
  quota: '分解任务', overAllocated: '超出本级目标', belowQuota: '下级目标低于分解任务',
  exportXlsx: '导出 Excel', reset: '撤销修改', lastChange: '最近更新', loading: '加载中…',
  readOnlyChild: '这是下级的分解表，只能查看：目标和分解任务由该级管理员在本级填写。',
  liveOn: '实时更新', liveConnecting: '正在连接实时更新…', liveDown: '连接中断，每 {s} 秒刷新',
  account: '账户与安全', changePassword: '修改密码', currentPassword: '当前密码', oneTimePassword: '一次性密码（管理员提供）',
  newPassword: '新密码', repeatPassword: '再次输入新密码', passwordsDiffer: '两次输入的新密码不一致', required: '请填写',
  passwordHint: '新密码请混合字母、数字或符号，且不能与当前密码相同。',
  mustChangeIntro: '管理员已重置您的密码。请输入一次性密码并设置新密码，完成后才能继续使用平台。',
  passwordChanged: '密码已修改', otherSessionsEnded: '其他 {n} 个会话已退出',
  sessions: '登录会话', sessionsIntro: '以下是您账户当前登录的设备。发现陌生设备请退出该设备并修改密码。',
  currentSession: '当前会话', endSession: '退出该设备', sessionEnded: '已退出该设备',
  signedInAt: '登录于', validUntil: '有效至', clientAddress: '来源地址', unknown: '未知',
  accountLocked: '账户已锁定', lockedMinutes: '约 {m} 分钟后可再试，或请上级管理员解锁。',
  tooManyTries: '尝试次数过多', retryMinutes: '请约 {m} 分钟后再试。',
  language: 'English',
};

type Dict = typeof zh;

const en: Dict = {
  appName: 'Shiliu · Ethnic unity demonstration campaign',
  signIn: 'Sign in', signOut: 'Sign out', username: 'Username', password: 'Password',
  signInTitle: 'Sign in to Shiliu', signedOutReused: 'Your session ended elsewhere; please sign in again.',
  dashboard: 'Dashboard', reporting: 'Reporting', decomposition: 'Decomposition', graphiql: 'GraphiQL',
  period: 'Period', year: 'Year', quarter: 'Quarter', month: 'Month',
  yearly: 'Year', quarterly: 'Quarter', monthly: 'Month',
  completion: 'Completion', actual: 'Actual', target: 'Target', share: 'Share', rank: 'Rank', name: 'Name',
  byChild: 'Target and actual by child', trend: 'Monthly trend', ranking: 'Children by completion',
  submissions: 'Submissions of the children', designations: 'Demonstration units', rectification: 'Rectification overdue',
  notSubmitted: 'Not submitted', overdue: 'Overdue', total: 'Total', none: 'No data',
  selected: 'Selected', selectedShare: 'share of total', print: 'Print', bigScreen: 'Big screen', exitBigScreen: 'Leave big screen',
  drillUp: 'Up one level', children: 'Children', switchTenant: 'Switch level',
  online: 'Online', offline: 'Offline (entries are kept on this phone)',
  save: 'Save', submit: 'Submit', saving: 'Saving…', saved: 'Saved', changed: 'Changed', empty: 'Empty',
  local: 'Saved on this phone; sent when online', failed: 'Not saved', locked: 'Locked',
  lockedBy: 'Locked by submission', returned: 'Returned', returnReason: 'Reason', discard: 'Discard',
  submittedTo: 'Submit to', pendingOutbox: 'waiting to be sent', sendNow: 'Send now',
  noChanges: 'Nothing to save', submitDone: 'Submitted', invalidNumber: 'Enter a number (up to 4 decimals)',
  indicator: 'Indicator', ownTarget: 'Own target', quotaReceived: 'Quota received', handedDown: 'Handed down', gap: 'Gap',
  quota: 'Quota', overAllocated: 'More than the own target', belowQuota: "Child's target below its quota",
  exportXlsx: 'Export Excel', reset: 'Undo changes', lastChange: 'Last change', loading: 'Loading…',
  readOnlyChild: "This is a lower level's table, read-only: its own admin sets its target and quotas.",
  liveOn: 'Live', liveConnecting: 'Connecting for live updates…', liveDown: 'Connection lost; refreshing every {s} s',
  account: 'Account and security', changePassword: 'Change password', currentPassword: 'Current password', oneTimePassword: 'One-time password (from your admin)',
  newPassword: 'New password', repeatPassword: 'New password again', passwordsDiffer: 'The two new passwords differ', required: 'Required',
  passwordHint: 'Mix letters, digits or symbols; not the same as the current password.',
  mustChangeIntro: 'An admin reset your password. Enter the one-time password and choose a new one to go on.',
  passwordChanged: 'Password changed', otherSessionsEnded: '{n} other sessions signed out',
  sessions: 'Sessions', sessionsIntro: 'The devices signed in to your account. Sign out any you do not know and change your password.',
  currentSession: 'This session', endSession: 'Sign that device out', sessionEnded: 'That device is signed out',
  signedInAt: 'Signed in', validUntil: 'Valid until', clientAddress: 'From', unknown: 'Unknown',
  accountLocked: 'Account locked', lockedMinutes: 'Try again in about {m} min, or ask an admin above you to unlock it.',
  tooManyTries: 'Too many tries', retryMinutes: 'Try again in about {m} min.',
  language: '中文',
};

export type Key = keyof Dict;

function initial(): Locale {
  try {
    return localStorage.getItem('shiliu.locale') === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const locale = ref<Locale>(initial());

export function t(key: Key): string {
  return (locale.value === 'en' ? en : zh)[key];
}

export function toggleLocale(): void {
  locale.value = locale.value === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem('shiliu.locale', locale.value);
  document.documentElement.lang = locale.value;
}
