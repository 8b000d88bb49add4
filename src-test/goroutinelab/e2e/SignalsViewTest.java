package goroutinelab.e2e;

import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** The signal and preemption paths, driven by the frames' events (fixtures/signals.json). */
class SignalsViewTest extends BrowserTest {

    @Test
    void aSignalTravelsFromTheKernelToTheGoroutineThatReceivesIt() {
        PlayerPage player = openFixture(FakeLab.fixture("signals.json"));
        assertThat(player.signals.wrap).isVisible();
        assertThat(player.signals.station("chan")).containsText("USR1→sigs");
        assertThat(player.signals.station("loop")).containsText("G1002");
        player.stepOnce(); // sighandler on M1, sigsend
        assertThat(player.signals.station("kernel")).hasAttribute("data-lit", "true");
        assertThat(player.signals.station("handler")).hasAttribute("data-lit", "true");
        assertThat(player.signals.station("handler")).containsText("M1");
        assertThat(player.signals.station("sigsend")).containsText("SIGUSR1");
        assertThat(player.signals.token).hasAttribute("data-at", "sigsend");
        player.stepOnce(); // signal.loop wakes in signal_recv
        assertThat(player.signals.station("loop")).hasAttribute("data-lit", "true");
        assertThat(player.signals.station("kernel")).hasAttribute("data-lit", "false");
        player.stepOnce(); // the loop sends on the Notify channel; G2 receives
        assertThat(player.signals.station("chan")).hasAttribute("data-lit", "true");
        assertThat(player.signals.token).hasAttribute("data-at", "receiver");
        player.screenshot("signals-delivery");
    }

    @Test
    void sysmonPreemptsATightLoopWithSigurg() {
        PlayerPage player = openFixture(FakeLab.fixture("signals.json"));
        player.scrubTo(3);
        player.stepOnce(); // preemptone + preemptM
        assertThat(player.signals.station("sysmon")).hasAttribute("data-lit", "true");
        assertThat(player.signals.station("preemptone")).hasAttribute("data-lit", "true");
        assertThat(player.signals.station("preemptM")).hasAttribute("data-lit", "true");
        assertThat(player.goroutine(1)).hasAttribute("data-badges", "preempt");
        player.stepOnce(); // asyncPreempt: G1 to the global queue
        assertThat(player.signals.station("async")).hasAttribute("data-lit", "true");
        assertThat(player.signals.station("requeue")).hasAttribute("data-lit", "true");
        assertThat(player.goroutine(1)).hasAttribute("data-where", "global");
        player.screenshot("signals-preemption");
    }

    @Test
    void aSchedulerLessonWithoutSignalsHidesThePaths() {
        PlayerPage player = open("goroutines-and-run-queues");
        assertThat(player.signals.wrap).isHidden();
    }

    @Test
    void theEngineDeliversSigusr1ThroughNotify() {
        PlayerPage player = open("e2e-signal-notify");
        player.next(); // Notify starts the loop goroutine
        assertThat(player.signals.station("chan")).containsText("USR1→sigs");
        player.next(); // the signal arrives: sighandler, sigsend
        assertThat(player.signals.station("sigsend")).hasAttribute("data-lit", "true");
        assertThat(player.signals.station("handler")).containsText("M");
        player.next(); // signal_recv
        assertThat(player.signals.station("loop")).hasAttribute("data-lit", "true");
        player.screenshot("signals-engine-notify");
    }

    @Test
    void theEnginePreemptsATightLoopAsynchronously() {
        PlayerPage player = open("e2e-preempt-loop");
        player.next(); // preemptM
        assertThat(player.signals.station("preemptM")).hasAttribute("data-lit", "true");
        player.next(); // asyncPreempt
        assertThat(player.signals.station("async")).hasAttribute("data-lit", "true");
        player.screenshot("signals-engine-preempt");
    }
}
