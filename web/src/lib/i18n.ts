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
  rectificationTasks: '整改任务', myTasks: '我的整改任务', subtreeTasks: '本级及下级的整改任务', allStatuses: '全部状态', onlyOverdue: '只看逾期',
  noTasks: '暂无整改任务', loadMore: '加载更多', deadline: '整改期限', overdueDays: '逾期 {n} 天', tasksTotal: '共 {n} 项',
  requirement: '整改要求', finding: '发现问题', inspection: '督查', inspectedBy: '督查单位', assignee: '整改单位', verifiedOn: '销号日期', verifiedLate: '逾期销号',
  timelineTitle: '办理过程', backToList: '返回整改任务', lastReopen: '退回理由',
  startRectification: '开始整改', submitRectification: '提交整改', evidenceText: '整改情况说明', evidence: '整改佐证材料', otherReferences: '其他佐证',
  takePhoto: '拍照上传', chooseFiles: '选择文件', textReferences: '其他佐证（台账编号、链接等，每行一条，可不填）', fileKinds: '可上传照片（JPEG/PNG）、PDF、Word、Excel，单个不超过 50 MB',
  uploading: '上传中', uploaded: '已上传', uploadFailed: '上传失败', retry: '重试', remove: '移除', uploadNetwork: '网络中断，请检查网络后重试',
  waitUploads: '请等待文件上传完成', fixUploads: '有文件上传失败：请重试或移除', evidenceTextRequired: '请填写整改情况说明',
  verifyRectification: '核验销号', reopenRectification: '退回重改', confirmReopen: '确认退回', cancel: '取消', reasonRequired: '请填写退回理由',
  staleReloaded: '任务已被他人更新，已重新载入，请核对后再操作。', networkFailed: '网络连接失败，请稍后重试。',
  startedDone: '已开始整改', submittedDone: '已提交，等待核验', verifiedDone: '已核验销号', reopenedDone: '已退回重改',
  openFull: '查看原图', close: '关闭', download: '下载',
  statusOPEN: '待整改', statusIN_PROGRESS: '整改中', statusSUBMITTED: '待核验', statusREOPENED: '重新整改', statusVERIFIED: '已销号',
  actionOPEN: '下达整改', actionSTART: '开始整改', actionSUBMIT: '提交整改', actionVERIFY: '核验销号', actionREOPEN: '退回重改',
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
  rectificationTasks: 'Rectification', myTasks: 'My rectification tasks', subtreeTasks: 'Tasks of my level and below', allStatuses: 'All statuses', onlyOverdue: 'Overdue only',
  noTasks: 'No rectification tasks', loadMore: 'More', deadline: 'Deadline', overdueDays: '{n} days overdue', tasksTotal: '{n} in all',
  requirement: 'Requirement', finding: 'Finding', inspection: 'Inspection', inspectedBy: 'Inspected by', assignee: 'Assignee', verifiedOn: 'Verified on', verifiedLate: 'Verified late',
  timelineTitle: 'Timeline', backToList: 'Back to the tasks', lastReopen: 'Sent back because',
  startRectification: 'Start', submitRectification: 'Submit', evidenceText: 'What was done', evidence: 'Evidence', otherReferences: 'Other references',
  takePhoto: 'Take a photo', chooseFiles: 'Choose files', textReferences: 'Other references (ledger numbers, links; one a line, optional)', fileKinds: 'Photos (JPEG/PNG), PDF, Word, Excel; up to 50 MB each',
  uploading: 'Uploading', uploaded: 'Uploaded', uploadFailed: 'Upload failed', retry: 'Retry', remove: 'Remove', uploadNetwork: 'Connection lost; check it and retry',
  waitUploads: 'Wait for the uploads to finish', fixUploads: 'Some files failed: retry or remove them', evidenceTextRequired: 'Say what was done',
  verifyRectification: 'Verify', reopenRectification: 'Send back', confirmReopen: 'Send back', cancel: 'Cancel', reasonRequired: 'Give a reason',
  staleReloaded: 'Someone else changed this task; it was reloaded. Check it and try again.', networkFailed: 'No connection; try again later.',
  startedDone: 'Started', submittedDone: 'Submitted for verification', verifiedDone: 'Verified', reopenedDone: 'Sent back',
  openFull: 'Full size', close: 'Close', download: 'Download',
  statusOPEN: 'Open', statusIN_PROGRESS: 'In progress', statusSUBMITTED: 'To verify', statusREOPENED: 'Reopened', statusVERIFIED: 'Verified',
  actionOPEN: 'Opened', actionSTART: 'Started', actionSUBMIT: 'Submitted', actionVERIFY: 'Verified', actionREOPEN: 'Sent back',
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
