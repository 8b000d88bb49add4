package goroutinelab.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The heap guard reads the tenured pool after a collection, and refuses above its fraction. */
class HeapGuardTest {

    @Test
    void itReadsTheHeapInUseAfterACollectionAndRefusesAboveItsFraction() {
        System.gc();
        double used = new HeapGuard(0.85).used();
        assertThat(used).isBetween(0.0, 1.0);
        assertThat(new HeapGuard(1.0).full()).isFalse();
        assertThat(new HeapGuard(-0.01).full()).isTrue();
    }
}
