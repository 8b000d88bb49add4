package goroutinelab.checkserver;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher's request as the server reads it: NUL-ended fields passed as bytes, every part bounded. */
class WireTest {

    private static ByteArrayInputStream request(byte[]... fields) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] f : fields) {
            b.writeBytes(f);
            b.write(0);
        }
        return new ByteArrayInputStream(b.toByteArray());
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aCheckRequestKeepsEveryByteOfItsArguments() throws IOException {
        byte[] odd = {'a', ' ', '\n', (byte) 0xff, 'b'};
        Wire.Request r = Wire.read(request(b("GLCHECK1"), b("t0k3n"), b("check"), b("/home/x y"), b("2"), b("lessons/"), odd));
        assertThat(r.token()).isEqualTo("t0k3n");
        assertThat(r.command()).isEqualTo("check");
        assertThat(r.cwd()).isEqualTo(b("/home/x y"));
        assertThat(r.args()).hasSize(2);
        assertThat(r.args().get(0)).isEqualTo(b("lessons/"));
        assertThat(r.args().get(1)).isEqualTo(odd);
    }

    @Test
    void aStopRequestHasNoFolderOrArguments() throws IOException {
        Wire.Request r = Wire.read(request(b("GLCHECK1"), b("t"), b("stop")));
        assertThat(r.command()).isEqualTo("stop");
        assertThat(r.args()).isEmpty();
    }

    @Test
    void anythingElseIsMalformed() {
        assertThatThrownBy(() -> Wire.read(request(b("GET / HTTP/1.1")))).isInstanceOf(Wire.Malformed.class);
        assertThatThrownBy(() -> Wire.read(request(b("GLCHECK1"), b("t"), b("check"), b("/"), b("many"))))
                .isInstanceOf(Wire.Malformed.class).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Wire.read(request(b("GLCHECK1"), b("t"), b("check"), b("/"), b("100001"))))
                .isInstanceOf(Wire.Malformed.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Wire.read(request(b("GLCHECK1"), b("t"), b("check"), b("/"), b("2"), b("a"))))
                .isInstanceOf(Wire.Malformed.class).hasMessageContaining("ended early");
        assertThatThrownBy(() -> Wire.read(request(b("GLCHECK1"), b("x".repeat(Wire.MAX_FIELD_BYTES + 1)))))
                .isInstanceOf(Wire.Malformed.class).hasMessageContaining("too long");
    }

    @Test
    void argumentsAreDecodedOnlyWhenTheyWouldSurviveTheJvmsCommandLine() {
        // this JVM's command-line charset (sun.jnu.encoding): UTF-8 here, ASCII when LANG is unset
        assertThat(CheckServer.decode(List.of(b("lessons/a.yaml")))).containsExactly("lessons/a.yaml");
        assertThat(CheckServer.decode(List.of(new byte[] {'a', (byte) 0xff}))).isNull();
    }
}
