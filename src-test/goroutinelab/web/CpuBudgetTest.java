package goroutinelab.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A socket's share of the CPU: earned by the second up to one second's worth, spent by its moves, owed past zero. */
class CpuBudgetTest {

    @Test
    void aShareIsEarnedBackAtItsRateAndNeverBeyondOneSecondsWorth() {
        CpuBudget b = new CpuBudget(100, 0);
        assertThat(b.admit(0)).isTrue();
        b.charge(100_000_000, 0);
        assertThat(b.exhausted()).isTrue();
        assertThat(b.admit(0)).isFalse();
        assertThat(b.admit(1)).as("a millisecond earns a tenth of a millisecond").isTrue();
        // an hour idle earns one second's worth, no more
        b.charge(200_000_000, 1);
        assertThat(b.admit(3_600_000)).isTrue();
        b.charge(100_000_000, 3_600_000);
        assertThat(b.admit(3_600_000)).isFalse();
    }

    @Test
    void whatAMoveOverranIsOwedAndTheWaitSaysHowLong() {
        CpuBudget b = new CpuBudget(250, 0);
        b.charge(1_000_000_000, 0); // a move of a second against a 250 ms share
        assertThat(b.owedMs()).isEqualTo(750);
        assertThat(b.waitMs()).isBetween(3000L, 3001L);
        assertThat(b.admit(2_999)).isFalse();
        assertThat(b.admit(3_001)).isTrue();
        assertThat(b.owedMs()).isZero();
    }
}
