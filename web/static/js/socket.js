// The WebSocket to /ws: JSON in and out, reconnecting with backoff (and a
// little jitter, so a restarted server is not hit by every page at once) when
// the connection drops. onOpen runs on every (re)connect so the page can
// rebuild its session: it sends load with the history token and step.

export function connect({ onOpen, onMessage, onStatus, url: at }) {
  const url = at ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  let ws = null;
  let delay = 200;
  let closedByUs = false;
  let retryTimer = null;

  function open() {
    retryTimer = null;
    onStatus?.('connecting');
    ws = new WebSocket(url);
    ws.addEventListener('open', () => {
      delay = 200;
      onStatus?.('open');
      onOpen?.();
    });
    ws.addEventListener('message', (e) => {
      let msg;
      try {
        msg = JSON.parse(e.data);
      } catch {
        return;
      }
      onMessage(msg);
    });
    ws.addEventListener('close', (e) => {
      onStatus?.('closed');
      if (closedByUs) return;
      // 1012: the server is restarting, so come back soon; otherwise back off.
      const wait = e.code === 1012 ? 300 : delay;
      retryTimer = setTimeout(open, wait + Math.random() * wait * 0.3);
      delay = Math.min(delay * 2, 8000);
    });
  }

  open();
  return {
    /** Sends a message if the socket is open; returns false when it is not (the caller decides). */
    send(obj) {
      if (ws && ws.readyState === WebSocket.OPEN) {
        ws.send(JSON.stringify(obj));
        return true;
      }
      return false;
    },
    get open() {
      return !!ws && ws.readyState === WebSocket.OPEN;
    },
    close() {
      closedByUs = true;
      if (retryTimer) clearTimeout(retryTimer);
      ws?.close();
    },
  };
}
