package goroutinelab.web;

import goroutinelab.engine.EventKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser never infers what an event does from its kind's name: the server
 * says (EventRoles, whose switch covers every EventKind or does not compile).
 * No script compares an event's kind with a name, and the few kind names the
 * front end keeps (to read the state's per-kind counts) all exist. The real
 * run's panel (views/real.js) is left out: it reads a recorded real run, whose
 * events are the real trace's own words (docs/real-trace.md), not the model's.
 */
class FrontEndKindsTest {

    private static List<Path> scripts() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("web/static/js"))) {
            return s.filter(p -> p.toString().endsWith(".js") && !p.endsWith(Path.of("views", "real.js"))).sorted().toList();
        }
    }

    @Test
    void noScriptComparesAnEventsKindWithAName() throws IOException {
        Pattern compare = Pattern.compile("\\b(?:e|ev|event|evt)\\.kind\\s*(?:===|!==|==)|case\\s+'[a-zA-Z_]+'\\s*:.*\\bkind\\b");
        List<String> found = new ArrayList<>();
        for (Path f : scripts()) {
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                if (compare.matcher(lines.get(i)).find()) {
                    found.add(f + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void everyKindNameTheFrontEndKeepsIsAKindTheEngineHas() throws IOException {
        String signals = Files.readString(Path.of("web/static/js/views/signals.js"));
        Matcher lists = Pattern.compile("const (?:DELIVERY|PREEMPTION) = \\[([^\\]]*)\\]").matcher(signals);
        int names = 0;
        while (lists.find()) {
            Matcher name = Pattern.compile("'([A-Za-z_]+)'").matcher(lists.group(1));
            while (name.find()) {
                names++;
                assertThat(EventKind.byWire(name.group(1))).as(name.group(1)).isNotNull();
            }
        }
        assertThat(names).isGreaterThan(4);
    }
}
