package goroutinelab;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** ARCHITECTURE.md names real files: every path it mentions exists, and every class it names is in the package it says. */
class ArchitectureDocTest {

    @Test
    void everyPathTheMapNamesExists() throws IOException {
        String text = Files.readString(Path.of("ARCHITECTURE.md"));
        Matcher m = Pattern.compile("`((?:server|web|src-test|docs|lessons)/[A-Za-z0-9_./-]+)`").matcher(text);
        List<String> missing = new ArrayList<>();
        int seen = 0;
        while (m.find()) {
            seen++;
            if (!Files.exists(Path.of(m.group(1)))) {
                missing.add(m.group(1));
            }
        }
        assertThat(seen).isGreaterThan(10);
        assertThat(missing).isEmpty();
    }

    @Test
    void everyClassTheLayersNameIsInItsLayer() throws IOException {
        String text = Files.readString(Path.of("ARCHITECTURE.md"));
        for (String layer : List.of("engine", "lesson", "web")) {
            Matcher block = Pattern.compile("- \\*\\*" + layer + "\\*\\*:(.*?)(?=\\n- \\*\\*|\\n\\n)", Pattern.DOTALL).matcher(text);
            assertThat(block.find()).as(layer).isTrue();
            Matcher names = Pattern.compile("`([A-Z][A-Za-z]+)`").matcher(block.group(1));
            while (names.find()) {
                String n = names.group(1);
                boolean found;
                try (var files = Files.walk(Path.of("server/goroutinelab", layer))) {
                    found = files.anyMatch(f -> f.getFileName().toString().equals(n + ".java"));
                }
                assertThat(found).as(n + " in " + layer).isTrue();
            }
        }
    }
}
