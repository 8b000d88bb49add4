// The player's own words in English and Chinese (narration and events come
// from the server in the learner's language). Page chrome is rendered by the
// server from the same keys (web/Labels.java) and switched here.

const WORDS = {
  en: {
    // controls and page chrome
    step: 'Step', back: 'Back', next: 'Next', reset: 'Reset', play: 'Play', pause: 'Pause', speed: 'Speed',
    scrubber: 'Go to step', events: 'Events', language: '中文', help: 'Keyboard shortcuts', helpButton: '?',
    close: 'Close', projector: 'Projector', skipToControls: 'Skip to the controls', controls: 'Player controls',
    board: 'Scheduler board: Ps, Ms and goroutines', tryIt: 'Try it yourself', sendSignal: 'Send SIGUSR1', runGc: 'Run GC',
    startGoroutine: 'Start goroutine', function: 'Function', asyncPreemption: 'Async preemption',
    writeBarrier: 'Write barrier', timeline: 'Timeline', heap: 'Heap', signals: 'Signals and preemption',
    goSide: 'Go runtime', pySide: 'CPython-style interpreter', stepsPerSecond: (n) => `${n} steps/s`,
    connecting: 'connecting…', reconnecting: 'reconnecting…', exited: 'process exited',
    liveStep: (n, text) => `Step ${n}. ${text}`, liveJump: (n) => `At step ${n}.`, liveMany: (k, text) => `${k} events, the last: ${text}`,
    timelineHint: 'Click the timeline to go to that moment. Hatched: not seen yet.',
    // shortcuts
    k_step: 'one runtime step', k_back: 'one step back', k_next: 'next script step', k_reset: 'back to the start',
    k_play: 'play / pause', k_speed: 'faster / slower', k_end: 'furthest step seen', k_help: 'this help',
    k_projector: 'projector mode', k_lang: 'English / 中文', k_choice: 'answer the quiz',
    // narration and quiz
    scriptPos: (i, n) => `Step ${i} of ${n}`, start: 'Press Next to begin.', done: 'The end of this lesson.',
    correct: 'Right.', wrong: 'Not quite.', predict: 'Predict first:', predictNudge: 'Make your prediction first — or press Next again to skip it.',
    predicted: (c, ok) => `You predicted “${c}”: ${ok ? 'right' : 'not quite'}.`, watchIt: 'Press Next to watch it happen.',
    source: 'source', failures: 'Expectation failed',
    // scheduler board
    global: 'global run queue', runnext: 'runnext', runq: 'local run queue', delay: 'sleep',
    sysmon_sleeping: 'sleeping', sysmon_running: 'running', sysmon_waiting: 'waiting (all Ps idle)',
    netpoll: 'netpoller', netpollBlocked: 'in netpoll', timers: 'timers', threadsNoP: 'threads without a P',
    lane_syscall: 'in a system call', lane_spinning: 'spinning', lane_parked: 'parked (idle)',
    chans: 'channels', buf: 'buf', recvq: 'recvq', sendq: 'sendq', closed: 'closed', waiting: 'waiting',
    syscall: 'syscall', spinning: 'spinning', starting: 'starting', parked: 'parked', running: 'running', idle: 'idle',
    'assist-wait': 'waiting to assist', assist: 'assisting the GC', preempt: 'preemption requested',
    mode_dedicated: 'dedicated', mode_fractional: 'fractional', mode_idle: 'idle', mode_null: '',
    // heap and GC
    globals: 'globals', stack: 'stack', greyQueue: 'grey queue', assistQueue: 'assist queue', workers: 'mark workers',
    lostObjects: 'lost (freed while reachable)', heapLive: 'live', heapMarked: 'marked', heapGoal: 'goal', trigger: 'trigger',
    gcCycle: 'GC', on: 'on', off: 'off', stopTheWorld: 'stop the world',
    // signals
    sigrow_go: 'A signal reaches a Go program', sigrow_pre: 'Preemption (sysmon → SIGURG)', sigrow_py: 'A signal in the interpreter',
    sig_kernel: 'kernel', sig_handler: 'sighandler on M', sig_sigsend: 'sigsend queue', sig_loop: 'signal.loop G',
    sig_chan: 'Notify channel', sig_receiver: 'receiving G', sig_sigdrop: 'dropped', sig_die: 'process dies',
    sig_sysmon: 'sysmon', sig_preemptone: 'preemptone', sig_preemptM: 'preemptM', sig_sigurg: 'handler on M',
    sig_async: 'asyncPreempt', sig_requeue: 'G to a run queue', sig_morestack: 'morestack',
    sig_pykernel: 'kernel', sig_trip: 'C signal handler', sig_flag: 'is_tripped flag', sig_mainthread: 'main thread',
    sig_breaker: 'eval breaker', sig_pyhandler: 'Python handler', sig_pydie: 'killed (SIG_DFL)',
    pending: 'pending', empty: 'empty', notStarted: 'not started', noNotify: 'no Notify', asyncOff: 'async off',
    tripped: 'tripped', set: 'set', clear: 'clear', holdsGil: 'holds the GIL', waitsGil: 'waits for the GIL',
    defaultAction: 'default action',
    // interpreter
    evalBreaker: 'eval breaker', dropRequest: 'drop request', switches: 'switches', interval: 'interval',
    th_running: 'running', 'th_waiting-gil': 'waiting for the GIL', th_blocked: 'blocked (GIL released)', th_exited: 'exited',
    pendingSignals: 'pending signals', handlers: 'handlers', queues: 'queues', refcounts: 'objects ×refs',
    cCall: 'in a C call (no eval-breaker checks)', inHandler: 'in a signal handler',
    // timeline
    syscallShort: 'sys', notSeen: 'not seen yet: play through it to fill it in',
  },
  zh: {
    step: '单步', back: '后退', next: '下一节', reset: '重置', play: '播放', pause: '暂停', speed: '速度',
    scrubber: '跳到步骤', events: '事件', language: 'English', help: '键盘快捷键', helpButton: '?',
    close: '关闭', projector: '投影模式', skipToControls: '跳到控制按钮', controls: '播放控制',
    board: '调度器面板：P、M 与 goroutine', tryIt: '自己试试', sendSignal: '发送 SIGUSR1', runGc: '运行 GC',
    startGoroutine: '启动 goroutine', function: '函数', asyncPreemption: '异步抢占',
    writeBarrier: '写屏障', timeline: '时间线', heap: '堆', signals: '信号与抢占',
    goSide: 'Go 运行时', pySide: 'CPython 式解释器', stepsPerSecond: (n) => `每秒 ${n} 步`,
    connecting: '连接中…', reconnecting: '重新连接中…', exited: '进程已退出',
    liveStep: (n, text) => `第 ${n} 步。${text}`, liveJump: (n) => `位于第 ${n} 步。`, liveMany: (k, text) => `${k} 个事件，最后一个：${text}`,
    timelineHint: '点击时间线跳到那一刻。斜线区域：尚未看到。',
    k_step: '前进一个运行时步骤', k_back: '后退一步', k_next: '下一节', k_reset: '回到开头',
    k_play: '播放 / 暂停', k_speed: '加速 / 减速', k_end: '跳到看到过的最远一步', k_help: '本帮助',
    k_projector: '投影模式', k_lang: 'English / 中文', k_choice: '回答测验',
    scriptPos: (i, n) => `第 ${i} / ${n} 节`, start: '按“下一节”开始。', done: '本课程结束。',
    correct: '正确。', wrong: '不太对。', predict: '先预测：', predictNudge: '请先做出预测——或再按一次“下一节”跳过。',
    predicted: (c, ok) => `你预测的是“${c}”：${ok ? '正确' : '不太对'}。`, watchIt: '按“下一节”看它发生。',
    source: '源码', failures: '期望未满足',
    global: '全局运行队列', runnext: 'runnext', runq: '本地运行队列', delay: '睡眠',
    sysmon_sleeping: '睡眠中', sysmon_running: '运行中', sysmon_waiting: '等待（所有 P 空闲）',
    netpoll: '网络轮询器', netpollBlocked: '阻塞在 netpoll', timers: '定时器', threadsNoP: '没有 P 的线程',
    lane_syscall: '系统调用中', lane_spinning: '自旋中', lane_parked: '休眠（空闲）',
    chans: '通道', buf: '缓冲', recvq: '接收队列', sendq: '发送队列', closed: '已关闭', waiting: '等待中',
    syscall: '系统调用', spinning: '自旋', starting: '启动中', parked: '休眠', running: '运行中', idle: '空闲',
    'assist-wait': '等待协助', assist: '协助 GC 标记', preempt: '已请求抢占',
    mode_dedicated: '专用', mode_fractional: '部分', mode_idle: '空闲', mode_null: '',
    globals: '全局变量', stack: '栈', greyQueue: '灰色队列', assistQueue: '协助队列', workers: '标记工作者',
    lostObjects: '丢失（可达却被回收）', heapLive: '存活', heapMarked: '已标记', heapGoal: '目标', trigger: '触发点',
    gcCycle: 'GC', on: '开', off: '关', stopTheWorld: '停止世界',
    sigrow_go: '信号到达 Go 程序', sigrow_pre: '抢占（sysmon → SIGURG）', sigrow_py: '解释器中的信号',
    sig_kernel: '内核', sig_handler: 'M 上的 sighandler', sig_sigsend: 'sigsend 队列', sig_loop: 'signal.loop G',
    sig_chan: 'Notify 通道', sig_receiver: '接收的 G', sig_sigdrop: '丢弃', sig_die: '进程终止',
    sig_sysmon: 'sysmon', sig_preemptone: 'preemptone', sig_preemptM: 'preemptM', sig_sigurg: 'M 上的处理函数',
    sig_async: 'asyncPreempt', sig_requeue: 'G 回到运行队列', sig_morestack: 'morestack',
    sig_pykernel: '内核', sig_trip: 'C 信号处理函数', sig_flag: 'is_tripped 标志', sig_mainthread: '主线程',
    sig_breaker: 'eval breaker', sig_pyhandler: 'Python 处理函数', sig_pydie: '被杀死（SIG_DFL）',
    pending: '待处理', empty: '空', notStarted: '未启动', noNotify: '没有 Notify', asyncOff: '异步抢占关闭',
    tripped: '已触发', set: '已置位', clear: '未置位', holdsGil: '持有 GIL', waitsGil: '等待 GIL',
    defaultAction: '默认动作',
    evalBreaker: 'eval breaker', dropRequest: '释放请求', switches: '切换次数', interval: '间隔',
    th_running: '运行中', 'th_waiting-gil': '等待 GIL', th_blocked: '阻塞（已释放 GIL）', th_exited: '已退出',
    pendingSignals: '待处理信号', handlers: '处理函数', queues: '队列', refcounts: '对象 ×引用计数',
    cCall: '在 C 调用中（不检查 eval breaker）', inHandler: '在信号处理函数中',
    syscallShort: '系统调用', notSeen: '尚未看到：播放经过它即可补上',
  },
};

export function t(lang, key, ...args) {
  const w = (WORDS[lang] || WORDS.en)[key] ?? WORDS.en[key] ?? key;
  return typeof w === 'function' ? w(...args) : w;
}

/** The word for key, or fallback when there is none. */
export function tOr(lang, key, fallback) {
  const w = (WORDS[lang] || WORDS.en)[key] ?? WORDS.en[key];
  return w == null ? fallback : t(lang, key);
}

export function has(lang, key) {
  return WORDS[lang] != null && Object.prototype.hasOwnProperty.call(WORDS[lang], key);
}

/** Every element with data-i18n gets its word; data-i18n-attr="aria-label,title" puts it in attributes instead. */
export function applyLabels(root, lang) {
  root.querySelectorAll('[data-i18n]').forEach((el) => {
    const word = t(lang, el.dataset.i18n);
    const attrs = el.dataset.i18nAttr;
    if (attrs) attrs.split(',').forEach((a) => el.setAttribute(a.trim(), word));
    else el.textContent = word;
  });
}
