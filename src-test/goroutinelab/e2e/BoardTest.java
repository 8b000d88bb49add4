package goroutinelab.e2e;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** The scheduler board: goroutines travel between places, Ms change lanes, queues overflow visibly. */
class BoardTest extends BrowserTest {

    @Test
    void aStolenGoroutineFliesFromOnePToTheOther() {
        PlayerPage player = open("e2e-work-stealing");
        player.next(); // six workers made: P0's queue holds them
        assertThat(player.goroutine(2)).hasAttribute("data-where", "P0.runq");
        String before = player.goroutine(2).getAttribute("transform");
        player.next(); // P1 steals half
        assertThat(player.goroutine(2)).hasAttribute("data-where", "P1.runq");
        assertThat(player.goroutine(2)).not().hasAttribute("transform", before);
        assertThat(player.p(0)).hasClass(Pattern.compile("flash-"));
        assertThat(player.p(1)).hasClass(Pattern.compile("flash-"));
        assertThat(player.p(1)).hasClass(Pattern.compile("focus"));
        player.screenshot("board-steal");
    }

    @Test
    void anMInASyscallDropsToItsLaneAndTheHandedOffPGetsANewM() {
        PlayerPage player = open("e2e-syscall-handoff");
        player.next(); // G2 enters the system call
        assertThat(player.goroutine(2)).hasAttribute("data-status", "_Gsyscall");
        assertThat(player.m(1)).hasAttribute("data-where", "syscall");
        assertThat(player.m(1)).hasAttribute("data-state", "syscall");
        assertThat(player.p(1)).hasAttribute("data-status", "_Psyscall");
        assertThat(player.board.root.locator("line.link.oldp")).hasCount(1);
        assertThat(player.board.lane("syscall")).containsText("1");
        player.next(); // sysmon retakes P1
        assertThat(player.p(1)).hasAttribute("data-status", "_Pidle");
        assertThat(player.board.panel("sysmon")).hasClass(Pattern.compile("flash-"));
        player.next(); // handoffp starts M2 for P1: it rises onto P1
        assertThat(player.m(2)).hasAttribute("data-where", "P1.nextp");
        assertThat(player.m(1)).hasAttribute("data-where", "syscall");
        player.screenshot("board-syscall-handoff");
    }

    @Test
    void goroutinesAreShapedByStatusNotOnlyColoured() {
        PlayerPage player = open("e2e-syscall-handoff");
        player.next();
        String syscall = player.goroutine(2).locator("path.g-shape").getAttribute("d");
        String running = player.goroutine(1).locator("path.g-shape").getAttribute("d");
        assertThat(syscall).isNotEqualTo(running);
        assertThat(player.goroutine(1)).hasClass(Pattern.compile("_Grunning"));
        assertThat(player.goroutine(1).locator("title")).hasText(Pattern.compile("G1 main · _Grunning"));
    }

    @Test
    void channelsShowTheirBufferAndWaitQueues() {
        PlayerPage player = open("e2e-channels");
        player.next(); // both consumers park in jobs' receive queue
        assertThat(player.board.channel("jobs")).isVisible();
        assertThat(player.goroutine(2)).hasAttribute("data-where", "jobs.recvq");
        assertThat(player.goroutine(3)).hasAttribute("data-where", "jobs.recvq");
        assertThat(player.board.channel("jobs")).hasClass(Pattern.compile("focus"));
        assertThat(player.goroutine(2)).hasAttribute("data-status", "_Gwaiting");
    }

    @Test
    void overflowingQueuesShowTheRestAsACount() {
        PlayerPage player = open("e2e-thousand-goroutines");
        player.next(); // 1,000 goroutines made
        assertThat(player.board.runqMore(0)).hasText(Pattern.compile("\\+\\d+"));
        assertThat(player.board.globalMore()).hasText(Pattern.compile("\\+\\d+"));
        // only the goroutines in visible places are drawn
        assertThat(player.board.goroutines().count()).isLessThan(80);
        player.screenshot("board-thousand");
    }

    @Test
    void sysmonShowsItsStateAndSleep() {
        PlayerPage player = open("e2e-syscall-handoff");
        assertThat(player.board.panel("sysmon")).containsText("sysmon");
        assertThat(player.board.panel("sysmon-state")).hasText(Pattern.compile("sleeping|running|waiting"));
        assertThat(player.board.root).containsText("sleep 20µs");
    }
}
