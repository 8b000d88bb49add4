package goroutinelab.web;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * What the browser shows after a move (docs/spec/frame.md): one value, built
 * in one place ({@link Frames}) from one snapshot.
 *
 * @param step       the engine step: the position in the run
 * @param time       simulated ns at that step
 * @param furthest   the furthest step the learner may go to without running anything new
 * @param ended      the process has exited
 * @param model      {@code go}, {@code cpython} or {@code compare}: where the state's sides are
 * @param script     the script step shown, and its range in the lesson's run
 * @param fork       null in the lesson's own run; else the step from which the learner's run differs
 * @param switches   the runtime switches in force at this step
 * @param history    the token of a forked run, for its link (null in the lesson's own run)
 * @param events     the move's events, the last {@code Player.MAX_EVENTS_KEPT} of them
 * @param eventCount how many events the move had
 * @param state      the whole state, or
 * @param patch      the RFC 6902 operations that turn the previous frame's state into this one
 * @param steps      when the browser asked for them: for each of the last events, the patch from the
 *                   state before it (the previous frame's state for the first) to the state after it,
 *                   so the events can be shown one at a time
 * @param failures   the shown script step's failed expectations (only for an author who asked)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Frame(String type, long step, long time, long furthest, boolean ended, String model, Script script,
                    Long fork, Switches switches, String history, List<Map<String, Object>> events, long eventCount,
                    Map<String, Object> state, List<Map<String, Object>> patch, List<Step> steps,
                    List<String> failures) {

    /**
     * The script step shown: {@code index} of {@code of} (0 is the introduction),
     * covering engine steps ({@code start}, {@code end}]; {@code atEnd} when the
     * position is the step's end, where the next step's quiz is asked.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Script(int index, int of, Long start, Long end, boolean atEnd) {
    }

    public record Switches(boolean asyncPreemption, boolean writeBarrier) {
    }

    /**
     * The patch that shows one event: from the state before it to the state after it; none (null) when the
     * state after it is the frame's own (the move's last event, when the move ended there).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(int event, List<Map<String, Object>> patch) {
    }
}
