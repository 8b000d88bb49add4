package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket client on a plain socket, for what {@link WsClient} cannot do:
 * connect from a chosen local address (127.0.0.2, ...), send any header
 * (Origin, X-Forwarded-For), shrink its receive buffer, and never read what
 * the server sends. Only what the tests need: text frames out, frames in.
 */
public final class RawWs implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    /** The status of the upgrade answer: 101, or the refusal's. */
    public final int status;
    /** The upgrade answer's headers, names in lower case. */
    public final Map<String, String> headers;
    /** The body of a refused upgrade (what came after the headers, if anything). */
    public final String body;
    private final AtomicLong sentBytes = new AtomicLong();
    /** The close code of a close frame read, or -1. */
    public volatile int closeCode = -1;

    private RawWs(Socket socket, InputStream in, int status, Map<String, String> headers, String body) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(in);
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** Options of a connect: from which local address, with which extra headers, with how small a receive buffer. */
    public record Options(String from, Map<String, String> headers, int receiveBuffer, String path) {
        public static Options plain() {
            return new Options(null, Map.of(), 0, "/ws");
        }

        public Options from(String address) {
            return new Options(address, headers, receiveBuffer, path);
        }

        public Options header(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Options(from, h, receiveBuffer, path);
        }

        public Options receiveBuffer(int bytes) {
            return new Options(from, headers, bytes, path);
        }
    }

    /** Connects to 127.0.0.1:port and asks for the upgrade; {@link #status} says whether it was granted. */
    public static RawWs open(int port, Options o) throws IOException {
        Socket s = new Socket();
        if (o.receiveBuffer() > 0) {
            s.setReceiveBufferSize(o.receiveBuffer());
        }
        if (o.from() != null) {
            s.bind(new InetSocketAddress(InetAddress.getByName(o.from()), 0));
        }
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.setSoTimeout(10_000);
        byte[] key = new byte[16];
        ThreadLocalRandom.current().nextBytes(key);
        StringBuilder req = new StringBuilder("GET " + o.path() + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n");
        o.headers().forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\n");
        s.getOutputStream().write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        InputStream raw = s.getInputStream();
        String head = readHead(raw);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        String body = "";
        if (status != 101) {
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            body = new String(raw.readNBytes(length), StandardCharsets.UTF_8);
        }
        RawWs r = new RawWs(s, raw, status, headers, body);
        if (status != 101) {
            r.close();
        }
        return r;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            int n = b.size();
            byte[] a = b.toByteArray();
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
        }
        throw new EOFException("the server closed before answering the upgrade");
    }

    /** Sends one masked text frame; blocks while the server does not read. */
    public RawWs send(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 14);
        f.write(0x81);
        if (payload.length < 126) {
            f.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            f.write(0x80 | 126);
            f.write(payload.length >>> 8);
            f.write(payload.length);
        } else {
            f.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) ((long) payload.length >>> (8 * i)));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        f.write(mask);
        for (int i = 0; i < payload.length; i++) {
            f.write(payload[i] ^ mask[i & 3]);
        }
        out.write(f.toByteArray());
        out.flush();
        sentBytes.addAndGet(f.size());
        return this;
    }

    /** Bytes of frames sent so far (whole frames the socket took). */
    public long sentBytes() {
        return sentBytes.get();
    }

    /**
     * The next text message as JSON, skipping pings; null once the server has
     * closed (its close code in {@link #closeCode}) or the connection ended.
     */
    public JsonNode next() throws IOException {
        ByteArrayOutputStream text = null;
        while (true) {
            int b0;
            try {
                b0 = in.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no frame from the server within 10 s");
            } catch (IOException reset) {
                return null;
            }
            if (b0 < 0) {
                return null;
            }
            int b1 = in.readUnsignedByte();
            long len = b1 & 0x7f;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            int opcode = b0 & 0x0f;
            boolean fin = (b0 & 0x80) != 0;
            if (opcode == 0x8) {
                closeCode = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                return null;
            }
            if (opcode == 0x1 || (opcode == 0x0 && text != null)) {
                if (text == null) {
                    text = new ByteArrayOutputStream();
                }
                text.write(payload);
                if (fin) {
                    return JSON.readTree(text.toString(StandardCharsets.UTF_8));
                }
            }
            // ping, pong, binary: not what the tests wait for
        }
    }

    /** Reads until the server closes; the close code, or -1 if the connection ended without one (or stayed open). */
    public int awaitClose() throws IOException {
        while (next() != null) {
            // drain
        }
        return closeCode;
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
