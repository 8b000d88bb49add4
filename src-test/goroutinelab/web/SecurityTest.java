package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.lesson.LessonStore;
import goroutinelab.lesson.Previews;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the browser may see: every response (pages, static files, WebJars,
 * the app's errors and Jetty's own) carries the security headers, with a CSP
 * that allows only the app's own scripts and no inline script; no page or
 * error carries a stack trace or a server path; an internal error shows a
 * reference that is in the server log.
 */
class SecurityTest {
    static App app;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern REFERENCE = Pattern.compile("reference ([0-9a-f]{8})");

    @BeforeAll
    static void up() {
        app = App.start(LessonStore.bundled(), "127.0.0.1", 0, Limits.defaults());
    }

    @AfterAll
    static void down() {
        app.stop();
    }

    private static HttpResponse<String> get(App a, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void secure(String what, java.net.http.HttpHeaders h, String body) {
        String csp = h.firstValue("Content-Security-Policy").orElse("");
        assertThat(csp).as(what + ": CSP").contains("default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(h.firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(h.firstValue("Referrer-Policy")).as(what).hasValue("same-origin");
        clean(what, body);
    }

    static void clean(String what, String body) {
        assertThat(body).as(what + ": no internals")
                .doesNotContain("Exception", "\tat ", "at io.javalin", "at org.eclipse", "goroutinelab.", "/work/", "/root/",
                        ".java:", "jetty", "Jetty", "Caused by");
    }

    @Test
    void everyRouteAndEveryErrorCarriesTheSecurityHeadersAndNoInternals() throws Exception {
        for (String path : List.of("/", "/?lang=zh", "/lessons/goroutines-and-run-queues", "/lessons/goroutines-and-run-queues?embed=1",
                "/health", "/api/lessons", "/static/js/player.js", "/static/css/lab.css",
                "/webjars/d3/7.9.0/dist/d3.min.js", "/lessons/no-such-lesson", "/lessons/..%2F..%2Fetc%2Fpasswd",
                "/no/such/page", "/static/no-such.js", "/static/..%2F..%2Fetc%2Fpasswd", "/a%00b",
                "/ws", "/echo", "/?x=" + "a".repeat(20_000), "/api/lessons/goroutine-lifecycle/real",
                "/api/lessons/signals-in-the-interpreter/real", "/api/lessons/..%2Fx/real")) {
            HttpResponse<String> r = get(app, path);
            String what = "GET " + (path.length() > 60 ? path.substring(0, 60) : path) + " (" + r.statusCode() + ")";
            if (path.startsWith("/webjars/")) {
                assertThat(r.headers().firstValue("Content-Security-Policy")).as(what).isPresent();
                continue; // D3 itself is minified code that mentions many words
            }
            secure(what, r.headers(), r.body());
        }
    }

    @Test
    void otherMethodsAndRequestsJettyRefusesItselfAreAnsweredPlainly() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "TRACE", "OPTIONS")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/"))
                    .method(method, HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(method).isGreaterThanOrEqualTo(400);
            secure(method, r.headers(), r.body());
        }
        for (String raw : List.of("GET /static/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
                "GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
                "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n", "GET /% HTTP/1.1\r\nHost: x\r\n\r\n")) {
            String what = raw.substring(0, Math.min(20, raw.indexOf('\r')));
            String answer = raw(raw);
            assertThat(answer).as(what).startsWith("HTTP/1.1 4");
            assertThat(answer).as(what).contains("Content-Security-Policy: default-src 'self'");
            clean(what, answer);
        }
    }

    @Test
    void thePagesHaveNoInlineScriptNorInlineHandlersNorInlineStyles() throws Exception {
        for (String path : List.of("/", "/lessons/goroutines-and-run-queues", "/lessons/nope")) {
            String html = get(app, path).body();
            Matcher m = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
            while (m.find()) {
                assertThat(m.group(1)).as(path + ": a script with a src").contains("src=\"/");
                assertThat(m.group(2)).as(path + ": and no body").isBlank();
            }
            assertThat(html).as(path).doesNotContainPattern("\\son[a-z]+\\s*=").doesNotContain("style=", "javascript:");
        }
    }

    @Test
    void anInternalErrorOnAPageShowsAReferenceThatIsInTheLog() throws Exception {
        // a preview cache whose clock fails (as a bug would) when armed: opening a preview's page then fails
        boolean[] armed = {false};
        Previews failing = new Previews(10, 1000, 60_000, () -> {
            if (armed[0]) {
                throw new IllegalStateException("the clock broke at /srv/secret/path");
            }
            return 0;
        });
        App a = App.start(LessonStore.bundled().withPreviews(failing), "127.0.0.1", 0, Limits.defaults());
        try {
            armed[0] = true;
            String log;
            HttpResponse<String> r;
            try (Captured err = Captured.stderr()) {
                r = get(a, "/lessons/preview-" + "0".repeat(32));
                log = err.text();
            }
            assertThat(r.statusCode()).isEqualTo(500);
            secure("500", r.headers(), r.body());
            assertThat(r.body()).doesNotContain("/srv/secret/path");
            Matcher m = REFERENCE.matcher(r.body());
            assertThat(m.find()).as(r.body()).isTrue();
            assertThat(log).contains("internal error " + m.group(1)).contains("/srv/secret/path");
        } finally {
            a.stop();
        }
    }

    @Test
    void anInternalErrorInASessionShowsAReferenceThatIsInTheLogAndTheSessionGoesOn() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        boolean[] failNextFrame = {false};
        Session s = new Session(LessonStore.bundled(), Limits.defaults(), text -> {
            if (failNextFrame[0] && text.contains("\"type\":\"frame\"")) {
                failNextFrame[0] = false;
                throw new IllegalStateException("the socket broke at /srv/secret/path");
            }
            try {
                out.add(WireFormat.JSON.readTree(text));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, new AtomicLong()::get);
        s.onMessage("{\"op\":\"load\",\"lesson\":\"goroutines-and-run-queues\"}");
        s.onMessage("{\"op\":\"step\",\"n\":2}");
        JsonNode before = out.get(out.size() - 1);
        out.clear();
        String log;
        failNextFrame[0] = true;
        try (Captured err = Captured.stderr()) {
            s.onMessage("{\"op\":\"step\",\"n\":3}");
            log = err.text();
        }
        JsonNode e = out.get(0);
        assertThat(e.path("code").asText()).isEqualTo("internal");
        clean("internal error", e.toString());
        assertThat(e.path("message").asText()).doesNotContain("/srv/secret/path");
        Matcher m = REFERENCE.matcher(e.path("message").asText());
        assertThat(m.find()).isTrue();
        assertThat(log).contains("internal error " + m.group(1)).contains("/srv/secret/path");
        // the session goes on from what the browser last saw (step 2), not from the failed move's step 5
        s.onMessage("{\"op\":\"step\",\"n\":1}");
        JsonNode f = out.get(out.size() - 1);
        assertThat(f.path("step").asLong()).isEqualTo(before.path("step").asLong() + 1);
    }

    @Test
    void aWebSocketErrorNeverCarriesInternals() {
        try (WsClient c = WsClient.connect(app.port())) {
            for (String m : List.of("{", "{\"op\":\"load\",\"lesson\":\"../../etc/passwd\"}", "{\"op\":\"step\",\"n\":\"x\"}",
                    "{\"op\":\"step\",\"n\":1e999}", "[" .repeat(5000))) {
                c.send(m);
                JsonNode e = c.next("error");
                clean(m, e.toString());
            }
        }
    }

    /** A raw HTTP exchange, for requests no client library would send. */
    private static String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", app.port())) {
            s.setSoTimeout(10_000);
            OutputStream o = s.getOutputStream();
            o.write(request.getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            try {
                while ((n = in.read(buf)) > 0) {
                    b.write(buf, 0, n);
                    if (b.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n") && b.size() > 0
                            && in.available() == 0) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
                // the server closed or went quiet: what came is the answer
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Captures what the server logs (slf4j-simple writes to System.err) while open. */
    static final class Captured implements AutoCloseable {
        private final PrintStream saved = System.err;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        static Captured stderr() {
            Captured c = new Captured();
            System.setErr(new PrintStream(c.bytes, true, StandardCharsets.UTF_8));
            return c;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            System.setErr(saved);
        }
    }
}
