package goroutinelab.web;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/spec/protocol.md and docs/spec/frame.md say what the code does: their
 * lists (in marker comments the pages keep beside their tables) are compared
 * with the message records, the frame record, the event roles and the error
 * codes the server sends.
 */
class ProtocolDocTest {

    private static Set<String> marker(String doc, String name) throws IOException {
        String text = Files.readString(Path.of("docs/spec", doc));
        Matcher m = Pattern.compile("<!-- " + name + ": ([^>]*) -->").matcher(text);
        assertThat(m.find()).as(doc + " keeps its " + name + " list").isTrue();
        return new TreeSet<>(Arrays.asList(m.group(1).trim().split("\\s+")));
    }

    @Test
    void theOpsThePageListsAreTheMessagesTheServerReads() throws IOException {
        Set<String> bound = Arrays.stream(Messages.Message.class.getAnnotation(JsonSubTypes.class).value())
                .map(JsonSubTypes.Type::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(marker("protocol.md", "ops")).isEqualTo(bound).isEqualTo(new TreeSet<>(Messages.OPS));
        for (String op : bound) {
            assertThat(Files.readString(Path.of("docs/spec/protocol.md"))).as("a row for " + op).contains("| `" + op + "` |");
        }
    }

    @Test
    void theErrorCodesThePageListsAreTheOnesTheServerSends() throws IOException {
        Set<String> sent = new TreeSet<>();
        Pattern p = Pattern.compile("(?:Refused|Unreadable|error)\\(\"([a-z_]+)\"");
        try (Stream<Path> files = Files.list(Path.of("server/goroutinelab/web"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                Matcher m = p.matcher(Files.readString(f));
                while (m.find()) {
                    sent.add(m.group(1));
                }
            }
        }
        sent.remove("preview_full"); // the author page's HTTP refusals are not the socket's
        sent.removeIf(c -> !c.equals(c.toLowerCase()));
        assertThat(marker("protocol.md", "codes")).isEqualTo(sent);
    }

    @Test
    void theMessageTypesThePageListsAreTheOnesTheServerSends() throws IOException {
        Set<String> sent = new TreeSet<>(Set.of("frame"));
        Pattern p = Pattern.compile("put\\(\"type\", \"([a-z]+)\"\\)");
        try (Stream<Path> files = Files.list(Path.of("server/goroutinelab/web"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                Matcher m = p.matcher(Files.readString(f));
                while (m.find()) {
                    sent.add(m.group(1));
                }
            }
        }
        assertThat(marker("protocol.md", "types")).isEqualTo(sent);
    }

    @Test
    void theFrameFieldsThePageListsAreTheRecordsComponents() throws IOException {
        List<String> fields = Arrays.stream(Frame.class.getRecordComponents()).map(c -> c.getName()).toList();
        assertThat(marker("frame.md", "frame")).isEqualTo(new TreeSet<>(fields));
    }

    @Test
    void theEventRolesThePageListsAreTheOnesEventsCarry() throws IOException {
        EventRoles.Roles all = new EventRoles.Roles(List.of("P0"), List.of("run"), "write", List.of("kernel"));
        assertThat(marker("frame.md", "roles")).isEqualTo(new TreeSet<>(all.wire().keySet()));
    }
}
