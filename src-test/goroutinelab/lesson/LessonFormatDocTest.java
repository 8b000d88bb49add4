package goroutinelab.lesson;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/spec/lesson-format.md names the schema's keys: the file's, the machine's and a step's, in the schema's order. */
class LessonFormatDocTest {

    private static List<String> marker(String name) throws IOException {
        String text = Files.readString(Path.of("docs/spec/lesson-format.md"));
        Matcher m = Pattern.compile("<!-- " + name + ": ([^>]*) -->").matcher(text);
        assertThat(m.find()).as("the page keeps its " + name + " list").isTrue();
        return Arrays.asList(m.group(1).trim().split("\\s+"));
    }

    private static List<String> keys(JsonNode props) {
        List<String> out = new ArrayList<>();
        props.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void thePagesKeyListsAreTheSchemas() throws IOException {
        JsonNode schema = SchemaCheck.schema();
        assertThat(marker("keys")).isEqualTo(keys(schema.get("properties")));
        assertThat(marker("runtime")).isEqualTo(keys(schema.at("/$defs/runtime/properties")));
        assertThat(marker("step")).isEqualTo(keys(schema.at("/$defs/step/properties")));
    }
}
