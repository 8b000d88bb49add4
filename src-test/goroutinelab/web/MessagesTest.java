package goroutinelab.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the lesson socket reads before a move runs: which messages are one engine step. */
class MessagesTest {

    @Test
    void theStepThePageSendsAndABareStepAreOneStep() {
        assertThat(Messages.isOneStep("{\"op\":\"step\",\"n\":1}")).isTrue();
        assertThat(Messages.isOneStep("{\"op\":\"step\"}")).isTrue();
    }

    @Test
    void largerStepsAndOtherMovesAreNotOneStep() {
        assertThat(Messages.isOneStep("{\"op\":\"step\",\"n\":10}")).isFalse();
        assertThat(Messages.isOneStep("{\"op\":\"step\",\"n\":1,\"x\":{}}")).isFalse();
        assertThat(Messages.isOneStep("{\"op\":\"next\"}")).isFalse();
        assertThat(Messages.isOneStep("{\"op\":\"back\",\"n\":1}")).isFalse();
    }

    @Test
    void thePageSendsTheOneStepSpellingTheServerKnows() throws Exception {
        String controls = java.nio.file.Files.readString(java.nio.file.Path.of("web/static/js/controls.js"));
        // JSON.stringify({ op: 'step', n: 1 }) writes {"op":"step","n":1}
        assertThat(controls).contains("forward({ op: 'step', n: 1 })");
    }
}
