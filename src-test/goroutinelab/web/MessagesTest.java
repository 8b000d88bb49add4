package goroutinelab.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the lesson socket reads: a message that fits binds straight from the
 * text to the same record the tree reading gives, and one that does not is
 * refused in the lab's words; and which messages are one engine step.
 */
class MessagesTest {
    private static final List<String> VALID = List.of(
            "{\"op\":\"step\",\"n\":1}", "{\"op\":\"step\"}", "{\"n\":3,\"op\":\"step\"}", "{\"op\":\"next\"}",
            "{\"op\":\"back\",\"n\":2}", "{\"op\":\"seek\",\"step\":40,\"script\":2}", "{\"op\":\"reset\"}",
            "{\"op\":\"lesson\"}", "{\"op\":\"lang\",\"lang\":\"zh\"}", "{\"op\":\"set\",\"asyncPreemption\":false}",
            "{\"op\":\"inject\",\"signal\":\"SIGUSR1\"}", "{\"op\":\"inject\",\"gc\":true}",
            "{\"op\":\"load\",\"lesson\":\"goroutines-and-run-queues\",\"lang\":\"en\",\"patch\":true,\"sequence\":24,"
                    + "\"history\":\"abc\",\"step\":5,\"script\":1,\"author\":true,\"writeBarrier\":true}",
            "{\"op\":\"step\",\"n\":1,\"extra\":[1,{\"a\":null}]}");

    @Test
    void aMessageThatFitsBindsStraightToTheRecordTheTreeGives() {
        for (String text : VALID) {
            assertThat(Messages.read(text)).as(text).isEqualTo(Messages.explain(text));
        }
        assertThat(Messages.read("{\"op\":\"step\",\"n\":7}")).isEqualTo(new Messages.Step(7L));
    }

    @Test
    void aMessageThatDoesNotFitIsRefusedNamingWhatIsWrong() {
        refused("{\"op\":\"step\"", "bad_json", "not valid JSON");
        refused("null", "bad_request", "expected a JSON object like {\"op\":\"next\"}");
        refused("[1]", "bad_request", "expected a JSON object like {\"op\":\"next\"}");
        refused("{\"n\":1}", "bad_request", "missing \"op\": expected one of back, inject, lang, lesson, load, next, reset, seek, set, step");
        refused("{\"op\":7}", "bad_request", "missing \"op\": expected one of");
        refused("{\"op\":\"fly\"}", "bad_request", "unknown op 'fly': expected one of");
        refused("{\"op\":\"step\",\"n\":1.5}", "bad_request", "\"n\" must be a whole number");
        refused("{\"op\":\"step\",\"n\":\"1\"}", "bad_request", "\"n\" must be a whole number");
        refused("{\"op\":\"set\",\"writeBarrier\":\"yes\"}", "bad_request", "\"writeBarrier\" must be true or false");
        refused("{\"op\":\"step\"} {}", "bad_json", "not valid JSON");
    }

    private static void refused(String text, String code, String words) {
        assertThatThrownBy(() -> Messages.read(text)).as(text).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.code).isEqualTo(code);
            assertThat(r.getMessage()).startsWith(words);
        });
    }

    @Test
    void theStepThePageSendsAndABareStepAreOneStep() {
        assertThat(Messages.isOneStep("{\"op\":\"step\",\"n\":1}")).isTrue();
        assertThat(Messages.isOneStep("{\"op\":\"step\"}")).isTrue();
    }

    @Test
    void theOneStepSpellingsReadAsTheJsonReaderReadsThem() throws Exception {
        for (String text : new String[] {"{\"op\":\"step\",\"n\":1}", "{\"op\":\"step\"}"}) {
            assertThat(Messages.read(text)).as(text).isEqualTo(Messages.JSON.readValue(text, Messages.Message.class));
        }
        assertThat(Messages.read("{\"op\":\"step\",\"n\":1}")).isEqualTo(new Messages.Step(1L));
        assertThat(Messages.read("{\"op\":\"step\"}")).isEqualTo(new Messages.Step(null));
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
