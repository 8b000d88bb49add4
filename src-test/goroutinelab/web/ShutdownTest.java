package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real server process, as a container runs it: limits come from the
 * environment, and SIGTERM (what Kubernetes and docker stop send) tells every
 * open socket "restarting" (1012) before the process exits; the history token
 * the last frame carried rebuilds the same run on a fresh server.
 */
class ShutdownTest {

    /** Starts goroutinelab.Main on a free port with the test's classpath; returns the process and its port. */
    record Server(Process process, int port) {
        static Server start(String... env) throws Exception {
            String javaCommand = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                    "goroutinelab.Main", "--host", "127.0.0.1", "--port", "0");
            // the classroom's embedded database goes to a temporary folder, not the working tree
            pb.environment().put("GOROUTINE_LAB_DATA_DIR", java.nio.file.Files.createTempDirectory("shutdown-test-data").toString());
            for (int i = 0; i + 1 < env.length; i += 2) {
                pb.environment().put(env[i], env[i + 1]);
            }
            pb.redirectErrorStream(true);
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Pattern running = Pattern.compile("running at http://127\\.0\\.0\\.1:(\\d+)/");
            long deadline = System.currentTimeMillis() + 30_000;
            String line;
            while (System.currentTimeMillis() < deadline && (line = out.readLine()) != null) {
                Matcher m = running.matcher(line);
                if (m.find()) {
                    Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "server-output");
                    drain.setDaemon(true);
                    drain.start();
                    return new Server(p, Integer.parseInt(m.group(1)));
                }
            }
            p.destroyForcibly();
            throw new AssertionError("the server did not start");
        }
    }

    @Test
    void sigtermTellsEverySocketRestartingThenTheProcessExitsAndTheRunRebuildsElsewhere() throws Exception {
        Server a = Server.start("GOROUTINE_LAB_MAX_SESSIONS", "2", "GOROUTINE_LAB_MAX_STEPS_PER_SESSION", "500");
        JsonNode last;
        try (WsClient one = WsClient.connect(a.port()); WsClient two = WsClient.connect(a.port())) {
            one.send("{\"op\":\"load\",\"lesson\":\"goroutines-and-run-queues\"}");
            one.next("frame");
            one.send("{\"op\":\"next\"}");
            one.send("{\"op\":\"next\"}");
            one.next("frame");
            one.next("frame");
            one.send("{\"op\":\"inject\",\"go\":\"worker\"}");
            one.next("frame");
            one.send("{\"op\":\"step\",\"n\":3}");
            last = one.next("frame");
            // the environment's limits hold: a third socket is refused, 501 steps are refused
            try (WsClient three = WsClient.connect(a.port())) {
                assertThat(three.next().path("message").asText()).contains("server is full (2 sessions)");
            }
            one.send("{\"op\":\"seek\",\"step\":501}");
            assertThat(one.next("error").path("message").asText()).contains("at most 500");

            a.process().destroy(); // SIGTERM
            assertThat(one.awaitClose(10_000)).isEqualTo(App.CLOSE_RESTARTING);
            assertThat(two.awaitClose(10_000)).isEqualTo(App.CLOSE_RESTARTING);
            assertThat(a.process().waitFor(20, TimeUnit.SECONDS)).as("the process exits").isTrue();
        } finally {
            a.process().destroyForcibly();
        }

        // the browser reconnects to another replica and rebuilds the run from the last frame
        Server b = Server.start();
        try (WsClient again = WsClient.connect(b.port())) {
            again.send("{\"op\":\"load\",\"lesson\":\"goroutines-and-run-queues\",\"history\":\""
                    + last.path("history").asText() + "\",\"step\":" + last.path("step").asLong()
                    + ",\"script\":" + last.at("/script/index").asInt() + "}");
            again.next("lesson");
            JsonNode rebuilt = again.next("frame");
            assertThat(rebuilt.path("state")).isEqualTo(last.path("state"));
            assertThat(rebuilt.path("script")).isEqualTo(last.path("script"));
            assertThat(rebuilt.path("history")).isEqualTo(last.path("history"));
        } finally {
            b.process().destroy();
            b.process().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBadLimitInTheEnvironmentStopsTheServerWithAClearMessage() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "goroutinelab.Main", "--host", "127.0.0.1", "--port", "0");
        pb.environment().put("GOROUTINE_LAB_MAX_SESSIONS", "0");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("maxSessions must be at least 1");
    }
}
