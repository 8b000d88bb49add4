package goroutinelab.web;

import com.fasterxml.jackson.databind.JsonNode;
import goroutinelab.lesson.Lesson;
import goroutinelab.lesson.LessonLoader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lesson message: a step's more travels in the learner's language, and only when the step has one. */
class WireFormatTest {
    static final String LESSON = """
            format: 1
            id: more
            title: More
            functions:
              main:
                - compute: 10us
            steps:
              - say: {en: "At a glance.", zh: 一眼看完。}
                more: {en: "The detail.", zh: 细节。}
                run: {steps: 1}
              - say: Run.
                run: {until: end}
            """;

    @Test
    void aStepsMoreIsSentInTheLanguageAskedAndLeftOutWhenThereIsNone() throws Exception {
        Lesson l = LessonLoader.parse(LESSON, "more.yaml", "more");
        JsonNode en = WireFormat.JSON.valueToTree(WireFormat.lesson(l, "en"));
        assertThat(en.at("/steps/0/say").asText()).isEqualTo("At a glance.");
        assertThat(en.at("/steps/0/more").asText()).isEqualTo("The detail.");
        assertThat(en.at("/steps/1").has("more")).isFalse();
        JsonNode zh = WireFormat.JSON.valueToTree(WireFormat.lesson(l, "zh"));
        assertThat(zh.at("/steps/0/more").asText()).isEqualTo("细节。");
    }
}
