package goroutinelab.lesson;

import goroutinelab.engine.EventKind;
import goroutinelab.engine.OpKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/authoring.md cannot rot: its tutorial's lessons load and check, the last
 * one is src-test/resources/tutorial/first-lesson.yaml to the byte, the errors
 * it shows are the ones the lab prints, and its reference names exactly the
 * schema's keys and ops, every event kind, and every snapshot path.
 */
class AuthoringDocTest {
    static final Path DOC = Path.of("docs/authoring.md");
    static final Path FINAL = Path.of("src-test/resources/tutorial/first-lesson.yaml");

    static String doc() throws IOException {
        return Files.readString(DOC);
    }

    /** The text between {@code <!-- name -->} and {@code <!-- /name -->}. */
    static String between(String text, String name) {
        int a = text.indexOf("<!-- " + name + " -->");
        int b = text.indexOf("<!-- /" + name + " -->");
        assertThat(a).as("marker <!-- " + name + " --> in " + DOC).isGreaterThanOrEqualTo(0);
        assertThat(b).as("marker <!-- /" + name + " --> in " + DOC).isGreaterThan(a);
        return text.substring(text.indexOf("\n", a) + 1, b);
    }

    /** The ```yaml blocks that follow a {@code <!-- stage N -->} marker, in order. */
    static List<String> stages(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<!-- stage \\d+ -->\\s*```yaml\\n(.*?)```", Pattern.DOTALL).matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void everyStageOfTheTutorialLoadsAndChecks() throws Exception {
        List<String> stages = stages(doc());
        assertThat(stages).as("tutorial stages").hasSizeGreaterThanOrEqualTo(3);
        for (int i = 0; i < stages.size(); i++) {
            Lesson l = LessonLoader.parse(stages.get(i), "first-lesson.yaml", "first-lesson");
            Checker.Result r = Checker.play(l, System.nanoTime());
            assertThat(r.failures()).as("stage " + (i + 1)).isEmpty();
            assertThat(r.expectations()).as("stage " + (i + 1) + " checks something").isPositive();
        }
        assertThat(stages.get(stages.size() - 1)).as("the last stage is " + FINAL).isEqualTo(Files.readString(FINAL));
        assertThat(Checker.check(FINAL).ok()).isTrue();
    }

    /** {@code <!-- error: "old" -> "new" -->} then a ```text block: the message that edit to the final lesson gives. */
    @Test
    void theMistakesTheTutorialShowsGiveTheMessagesItShows() throws Exception {
        String lesson = Files.readString(FINAL);
        Matcher m = Pattern.compile("<!-- error: \"(.*?)\" -> \"(.*?)\" -->\\s*```text\\n(.*?)```", Pattern.DOTALL).matcher(doc());
        int n = 0;
        while (m.find()) {
            n++;
            String from = m.group(1).replace("\\n", "\n").replace("\\\"", "\"");
            String to = m.group(2).replace("\\n", "\n").replace("\\\"", "\"");
            assertThat(lesson).contains(from);
            String broken = lesson.replace(from, to);
            String shown = m.group(3).strip();
            List<String> said = new ArrayList<>();
            try {
                Lesson l = LessonLoader.parse(broken, "lessons/first-lesson.yaml", "first-lesson");
                said.addAll(Checker.play(l, System.nanoTime()).failures());
            } catch (LessonError e) {
                e.problems().forEach(p -> said.add(p.toString()));
            }
            assertThat(String.join("\n", said)).as("after replacing " + from).isEqualTo(shown);
        }
        assertThat(n).as("error examples").isGreaterThanOrEqualTo(3);
    }

    /** The first column's `name` of every table row in the reference's key tables. */
    static Set<String> referenceKeys(String text) {
        Set<String> keys = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([A-Za-z]+)`").matcher(between(text, "keys"));
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    @Test
    void theReferenceNamesEveryKeyAndOpOfTheSchemaAndNothingElse() throws Exception {
        Set<String> schema = new TreeSet<>(SchemaSyncTest.schemaKeys());
        schema.addAll(SchemaSyncTest.schemaOps());
        assertThat(referenceKeys(doc())).isEqualTo(schema);
    }

    @Test
    void theReferencesOpTableIsTheOpRegistrys() throws Exception {
        StringBuilder want = new StringBuilder("| key | value | meaning (the runtime paths it shows) |\n|---|---|---|\n");
        for (OpKind k : OpKind.values()) {
            want.append("| `").append(k.key()).append("` | ").append(k.valueDoc()).append(" | ").append(k.meaning("en")).append(" |\n");
        }
        generated("ops", want.toString(), "OpKind");
    }

    @Test
    void theReferenceListsEveryEventKindAnUntilCanName() throws Exception {
        StringBuilder want = new StringBuilder("| event | runtime function | read it in |\n|---|---|---|\n");
        for (EventKind k : EventKind.values()) {
            want.append("| `").append(k.wire()).append("` | `").append(k.fn()).append("` | `").append(k.src()).append("` |\n");
        }
        want.append("| `end` | every goroutine has exited | |\n");
        generated("events", want.toString(), "EventKind");
    }

    /** Run with this property set to rewrite the generated sections of the doc instead of failing. */
    static final String WRITE = "docs.write";

    /**
     * The section between the markers is what the code generates; with
     * -Ddocs.write=true the test writes it there (and passes).
     */
    static void generated(String name, String want, String source) throws IOException {
        String text = doc();
        if (Boolean.getBoolean(WRITE)) {
            int a = text.indexOf("\n", text.indexOf("<!-- " + name + " -->")) + 1;
            int b = text.indexOf("<!-- /" + name + " -->");
            Files.writeString(DOC, text.substring(0, a) + want + text.substring(b));
            return;
        }
        assertThat(between(text, name)).as("the " + name + " section of " + DOC + " is generated from " + source
                + ": run mvn -q test -Dtest=AuthoringDocTest -D" + WRITE + "=true to regenerate it").isEqualTo(want);
    }

    @Test
    void theReferenceListsEverySnapshotPath() throws Exception {
        StringBuilder want = new StringBuilder();
        table(want, "go", SnapshotPaths.GO);
        table(want, "cpython", SnapshotPaths.CPYTHON);
        generated("paths", want.toString(), "SnapshotPaths");
    }

    private static void table(StringBuilder out, String model, SnapshotPaths.Rec shape) {
        out.append("\n| ").append(model).append(" path | fields |\n|---|---|\n");
        rows(out, model.equals("cpython") ? "cpython." : "", shape);
    }

    private static void rows(StringBuilder out, String prefix, SnapshotPaths.Shape shape) {
        if (shape instanceof SnapshotPaths.Ids ids) {
            rows(out, prefix + "ID.", ids.each());
            return;
        }
        if (!(shape instanceof SnapshotPaths.Rec rec)) {
            return;
        }
        List<String> fields = new ArrayList<>();
        for (Map.Entry<String, SnapshotPaths.Shape> f : rec.fields().entrySet()) {
            fields.add("`" + f.getKey() + "`" + (f.getValue() instanceof SnapshotPaths.Ids ? " (by id)" : ""));
        }
        out.append("| `").append(prefix.isEmpty() ? "(top)" : prefix.substring(0, prefix.length() - 1)).append("` | ")
                .append(String.join(", ", fields)).append(" |\n");
        for (Map.Entry<String, SnapshotPaths.Shape> f : rec.fields().entrySet()) {
            if (!(f.getValue() instanceof SnapshotPaths.Leaf)) {
                if (f.getValue() instanceof SnapshotPaths.Ids ids && ids.each() instanceof SnapshotPaths.Leaf) {
                    continue;
                }
                rows(out, prefix + f.getKey() + ".", f.getValue());
            }
        }
    }
}
