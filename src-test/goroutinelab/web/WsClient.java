package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test client for /ws: sends JSON text, and waits for the server's messages one by one. */
public final class WsClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WebSocket ws;
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    public volatile int closeCode = -1;

    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    private WsClient(int port, String path) {
        this.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                inbox.add(JSON.readTree(partial.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        closeCode = code;
                        closed.countDown();
                        return null;
                    }

                    @Override
                    public void onError(WebSocket w, Throwable error) {
                        closed.countDown();
                    }
                }).join();
    }

    public static WsClient connect(int port) {
        return new WsClient(port, "/ws");
    }

    public static WsClient connect(int port, String path) {
        return new WsClient(port, path);
    }

    /** Waits for the server to close the socket; its close code, or -1 if it stayed open. */
    public int awaitClose(long timeoutMs) {
        try {
            closed.await(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return closeCode;
    }

    /** The next message if one comes within timeoutMs, else null. */
    public JsonNode poll(long timeoutMs) {
        try {
            return inbox.poll(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public WsClient send(String text) {
        ws.sendText(text, true).join();
        return this;
    }

    public WsClient sendBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    /** The next message from the server (fails after 10 s). */
    public JsonNode next() {
        try {
            JsonNode n = inbox.poll(10, TimeUnit.SECONDS);
            if (n == null) {
                throw new AssertionError("no message from the server within 10 s");
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next message of a type, skipping others. */
    public JsonNode next(String type) {
        for (int i = 0; i < 100; i++) {
            JsonNode n = next();
            if (type.equals(n.path("type").asText())) {
                return n;
            }
        }
        throw new AssertionError("no " + type + " message");
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}
