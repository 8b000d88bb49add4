// The author page's changing words (status, problems) in English and Chinese;
// the fixed ones come from the server with the page.

const WORDS = {
  en: {
    checking: 'Checking…',
    valid: (c) => `No problems: ${c.stepsPlayed} of ${c.stepsTotal} steps played, ${c.expectations} expectations checked in ${c.millis} ms.`,
    partial: (c) => ` The page checks at most a budget of engine steps: run check for the other ${c.stepsTotal - c.stepsPlayed} steps.`,
    problems: (n) => (n === 1 ? '1 problem.' : `${n} problems.`),
    failing: (n) => (n === 1 ? 'The lesson plays, but 1 check fails.' : `The lesson plays, but ${n} checks fail.`),
    saved: 'Draft saved in this browser.',
    notSaved: 'This browser would not keep the draft (storage full or off): download it to keep it.',
    loaded: (id) => `Loaded ${id}.`,
    undone: 'Your previous draft is back.',
    stale: 'The preview shows the last version without problems.',
    offline: 'The server did not answer; your draft is safe in this browser.',
    at: (l, c) => (l > 0 ? `${l}:${c}` : '—'),
    check: 'check',
    warnings: (n) => (n === 1 ? '1 warning: a narration is long to read at a glance.' : `${n} warnings: narrations long to read at a glance.`),
    kind_error: 'error',
    kind_check: 'fails',
    kind_warning: 'warning',
  },
  zh: {
    checking: '检查中…',
    valid: (c) => `没有问题：播放了 ${c.stepsTotal} 节中的 ${c.stepsPlayed} 节，检查了 ${c.expectations} 个预期，用时 ${c.millis} 毫秒。`,
    partial: (c) => ` 本页最多只检查一定数量的引擎步：其余 ${c.stepsTotal - c.stepsPlayed} 节请用 check 命令检查。`,
    problems: (n) => `${n} 个问题。`,
    failing: (n) => `课程可以播放，但有 ${n} 项检查未通过。`,
    saved: '草稿已保存在本浏览器中。',
    notSaved: '本浏览器无法保存草稿（存储已满或被关闭）：请下载以保留它。',
    loaded: (id) => `已载入 ${id}。`,
    undone: '之前的草稿已恢复。',
    stale: '预览显示的是最后一个没有问题的版本。',
    offline: '服务器没有响应；草稿仍安全地保存在本浏览器中。',
    at: (l, c) => (l > 0 ? `${l}:${c}` : '—'),
    check: '检查',
    warnings: (n) => `${n} 条提示：讲解太长，不便一眼读完。`,
    kind_error: '错误',
    kind_check: '未通过',
    kind_warning: '提示',
  },
};

export function t(lang, key, ...args) {
  const w = (WORDS[lang] || WORDS.en)[key] ?? WORDS.en[key] ?? key;
  return typeof w === 'function' ? w(...args) : w;
}
