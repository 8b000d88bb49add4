// The player's own words in English and Chinese (narration and events come from the server).

const WORDS = {
  en: {
    step: 'Step', back: 'Back', next: 'Next', reset: 'Reset', events: 'Events', language: '中文',
    scriptPos: (i, n) => `Step ${i} of ${n}`, start: 'Press Next to begin.', done: 'The end of this lesson.',
    global: 'global run queue', runnext: 'runnext', runq: 'local run queue', idle: 'idle', sysmon: 'sysmon',
    syscall: 'in syscall', timers: 'timers (sleeping)', netpoll: 'netpoller', chans: 'channels',
    idleMs: 'idle Ms', delay: 'sleep', connecting: 'connecting…', reconnecting: 'reconnecting…',
    quizReveal: 'Reveal', correct: 'Right.', wrong: 'Not quite.', predict: 'Predict first:',
    source: 'source', buf: 'buf', sendq: 'sendq', recvq: 'recvq', closed: 'closed', exited: 'process exited',
  },
  zh: {
    step: '单步', back: '后退', next: '下一节', reset: '重置', events: '事件', language: 'English',
    scriptPos: (i, n) => `第 ${i} / ${n} 节`, start: '按“下一节”开始。', done: '本课程结束。',
    global: '全局运行队列', runnext: 'runnext', runq: '本地运行队列', idle: '空闲', sysmon: 'sysmon',
    syscall: '系统调用中', timers: '定时器（睡眠）', netpoll: '网络轮询器', chans: '通道',
    idleMs: '空闲的 M', delay: '睡眠', connecting: '连接中…', reconnecting: '重新连接中…',
    quizReveal: '揭晓', correct: '正确。', wrong: '不太对。', predict: '先预测：',
    source: '源码', buf: '缓冲', sendq: '发送队列', recvq: '接收队列', closed: '已关闭', exited: '进程已退出',
  },
};

export function t(lang, key, ...args) {
  const w = (WORDS[lang] || WORDS.en)[key] ?? WORDS.en[key] ?? key;
  return typeof w === 'function' ? w(...args) : w;
}
