package goroutinelab.real;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Finding the toolchain the way the command line names its cache. */
class GoToolchainTest {
    @Test
    void aRelativeCacheFolderStillFindsTheToolchain() throws Exception {
        GoHere.go();
        // go refuses a relative GOPATH; `real --cache target/real-cache` (as CI runs it) must still work
        GoToolchain go = GoToolchain.find(null, Path.of("target", "relative-real-cache"));
        assertThat(go.version()).startsWith("go1.");
        assertThat(go.env(false).get("GOPATH")).startsWith("/");
        assertThat(go.env(false).get("GOCACHE")).startsWith("/");
    }
}
