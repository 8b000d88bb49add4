// The WebSocket to /ws: JSON in and out, reconnecting with backoff when the
// connection drops (a server restart, a network blip). onOpen runs on every
// (re)connect so the page can rebuild its session.

export function connect({ onOpen, onMessage, onStatus }) {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  let ws = null;
  let delay = 250;
  let closedByUs = false;
  const queue = [];

  function open() {
    onStatus?.('connecting');
    ws = new WebSocket(url);
    ws.addEventListener('open', () => {
      delay = 250;
      onStatus?.('open');
      onOpen?.();
      while (queue.length) ws.send(queue.shift());
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
    ws.addEventListener('close', () => {
      onStatus?.('closed');
      if (closedByUs) return;
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 8000);
    });
  }

  open();
  return {
    send(obj) {
      const text = JSON.stringify(obj);
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(text);
      else queue.push(text);
    },
    close() {
      closedByUs = true;
      ws?.close();
    },
  };
}
