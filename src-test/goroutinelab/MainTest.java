package goroutinelab;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which command lines go straight to the checker, and which through picocli for its options and messages. */
class MainTest {

    @Test
    void checkWithOnlyFilesAndFoldersSkipsPicocli() {
        assertThat(Main.plainCheck(new String[] {"check", "lessons/"})).isTrue();
        assertThat(Main.plainCheck(new String[] {"check", "a.yaml", "lessons/b.yaml"})).isTrue();
    }

    @Test
    void anythingElseGoesThroughPicocli() {
        assertThat(Main.plainCheck(new String[] {"check"})).isFalse();
        assertThat(Main.plainCheck(new String[] {"check", "--help"})).isFalse();
        assertThat(Main.plainCheck(new String[] {"check", "a.yaml", "-V"})).isFalse();
        assertThat(Main.plainCheck(new String[] {"check", "@args.txt"})).isFalse();
        assertThat(Main.plainCheck(new String[] {"check", ""})).isFalse();
        assertThat(Main.plainCheck(new String[] {"check", "a\u0000b"})).isFalse();
        assertThat(Main.plainCheck(new String[] {"export", "a.yaml"})).isFalse();
        assertThat(Main.plainCheck(new String[] {"--port", "7070"})).isFalse();
        assertThat(Main.plainCheck(new String[] {})).isFalse();
    }
}
