package goroutinelab.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.web.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server processes (child JVMs of this test's classpath, started as
 * {@code goroutinelab.Main --database jdbc:postgresql://...}) against one
 * throwaway PostgreSQL, as two replicas behind a load balancer: an instructor
 * on replica A drives a student on replica B, and answers given on both
 * replicas land in one tally.
 */
class ReplicasTest {
    static Replica a;
    static Replica b;

    /** One server process. */
    static final class Replica {
        final Process process;
        final int port;
        final Path log;

        Replica(String database) throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            log = Files.createTempFile("replica-" + port, ".log");
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-cp", cp, "goroutinelab.Main", "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--database", database));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            Thread copy = new Thread(() -> {
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()));
                     var out = Files.newBufferedWriter(log)) {
                    for (String line; (line = in.readLine()) != null; ) {
                        out.write(line);
                        out.newLine();
                        out.flush();
                        if (line.startsWith("goroutine-lab is running at")) {
                            up.countDown();
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
                up.countDown();
            }, "replica-" + port + "-output");
            copy.setDaemon(true);
            copy.start();
        }

        private final java.util.concurrent.CountDownLatch up = new java.util.concurrent.CountDownLatch(1);

        /** Waits until the process says it is serving (it has opened the database and migrated it). */
        void awaitUp() throws Exception {
            if (!up.await(60, java.util.concurrent.TimeUnit.SECONDS) || !process.isAlive()) {
                throw new AssertionError("the replica did not come up: " + Files.readString(log));
            }
        }

        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @BeforeAll
    static void up() throws Exception {
        String db = PgCluster.freshDatabase();
        a = new Replica(db);
        b = new Replica(db); // both migrate at once: Flyway serializes them with a PostgreSQL advisory lock
        a.awaitUp();
        b.awaitUp();
    }

    @AfterAll
    static void down() {
        if (a != null) {
            a.stop();
        }
        if (b != null) {
            b.stop();
        }
    }

    private static JsonNode createRoomOn(Replica r) {
        HttpResponse<String> res = ClassroomServer.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port + "/api/rooms"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"lesson\":\"" + ClassroomServer.LESSON + "\"}")).build());
        assertThat(res.statusCode()).isEqualTo(201);
        return ClassroomServer.parse(res.body());
    }

    private static WsClient hello(Replica r, JsonNode room, String hello) {
        WsClient c = WsClient.connect(r.port, "/ws/room/" + room.get("code").asText());
        c.send(hello);
        c.next("welcome");
        return c;
    }

    @Test
    void anInstructorOnOneReplicaDrivesAStudentOnTheOther() {
        JsonNode room = createRoomOn(a);
        try (WsClient teacher = hello(a, room, "{\"type\":\"hello\",\"key\":\"" + room.get("key").asText() + "\"}");
             WsClient student = hello(b, room, "{\"type\":\"hello\",\"student\":\"student-token-replica-1\"}")) {
            assertThat(student.next("position").path("position").path("step").asLong()).isZero();
            JsonNode f = teacher.next("followers");
            while (f.path("count").asInt() != 1) {
                f = teacher.next("followers");
            }
            teacher.send("{\"type\":\"move\",\"position\":" + ClassroomServer.position(77, 2) + "}");
            JsonNode p = student.next("position");
            assertThat(p.path("position").path("step").asLong()).isEqualTo(77);
            assertThat(p.path("position").path("script").asInt()).isEqualTo(2);
        }
    }

    @Test
    void answersFromBothReplicasLandInOneTally() {
        JsonNode room = createRoomOn(b);
        try (WsClient teacher = hello(a, room, "{\"type\":\"hello\",\"key\":\"" + room.get("key").asText() + "\"}");
             WsClient onA = hello(a, room, "{\"type\":\"hello\",\"student\":\"student-token-replica-a\"}");
             WsClient onB = hello(b, room, "{\"type\":\"hello\",\"student\":\"student-token-replica-b\"}")) {
            teacher.send("{\"type\":\"move\",\"position\":" + ClassroomServer.position(200, 3) + "}");
            for (WsClient s : new WsClient[]{onA, onB}) {
                JsonNode q = s.next("quiz");
                while (q.path("quiz").isNull()) {
                    q = s.next("quiz");
                }
                assertThat(q.path("state").asText()).isEqualTo("open");
            }
            onA.send("{\"type\":\"answer\",\"quiz\":3,\"choice\":1}");
            onB.send("{\"type\":\"answer\",\"quiz\":3,\"choice\":2}");
            onA.next("answered");
            onB.next("answered");
            JsonNode tally = teacher.next("tally");
            while (tally.path("answered").asInt() < 2) {
                tally = teacher.next("tally");
            }
            assertThat(tally.path("counts").toString()).isEqualTo("[0,1,1]");
            teacher.send("{\"type\":\"reveal\"}");
            JsonNode revealOnB = onB.next("reveal");
            assertThat(revealOnB.path("counts").toString()).isEqualTo("[0,1,1]");
            assertThat(revealOnB.path("correct").asInt()).isEqualTo(1);
        }
    }

}
