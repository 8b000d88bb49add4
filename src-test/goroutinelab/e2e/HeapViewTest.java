package goroutinelab.e2e;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The heap view against hand-written frames of a GC cycle (fixtures/gc-cycle.json):
 * objects change colour and outline, pointers are drawn and flashed by the
 * write barrier, roots, the grey and assist queues and the workers are shown.
 */
class HeapViewTest extends BrowserTest {

    @Test
    void objectsGoWhiteGreyBlackAndTheGreyQueueFollows() {
        FakeLab lab = FakeLab.fixture("gc-cycle.json");
        PlayerPage player = openFixture(lab);
        assertThat(player.heap.wrap).isVisible();
        assertThat(player.heap.object("A")).hasAttribute("data-color", "white");
        assertThat(player.heap.globalRoot("root")).hasAttribute("data-points-to", "A");
        assertThat(player.heap.stackRoot(1, "x")).hasAttribute("data-points-to", "E");
        assertThat(player.heap.pointer("A", "next")).isAttached();
        player.stepOnce(); // stop the world
        player.stepOnce(); // markroot shades the roots' objects
        assertThat(player.heap.object("A")).hasAttribute("data-color", "grey");
        assertThat(player.heap.object("A")).hasClass(Pattern.compile("shaded-now"));
        assertThat(player.heap.greyQueue()).hasAttribute("data-count", "3");
        assertThat(player.heap.greyQueueItem("A")).isVisible();
        assertThat(player.heap.workers()).containsText("G1001@P1 dedicated");
        player.stepOnce(); // scanobject A
        assertThat(player.heap.object("A")).hasAttribute("data-color", "black");
        assertThat(player.heap.object("A").locator("text.o-glyph")).hasText("●");
        assertThat(player.heap.object("B")).hasAttribute("data-color", "grey");
        assertThat(player.heap.object("A")).hasClass(Pattern.compile("scanning"));
        player.screenshot("heap-marking");
    }

    @Test
    void aHeapTooBigForAGraphIsAGridWhoseCellsBlackenOneScanAtATime() {
        PlayerPage player = open("e2e-heap-2000");
        player.next(); // 2,000 objects, the collector starts
        assertThat(player.heap.root).hasAttribute("data-mode", "grid");
        com.microsoft.playwright.Locator cells = player.heap.cells();
        assertThat(cells).hasAttribute("data-objects", "2000");
        player.next(); // a hundred scanobjects, each blackening one cell (patched frames, kept datums)
        assertThat(cells).hasAttribute("data-black", "100");
        assertThat(cells).hasAttribute("aria-label", Pattern.compile("2000 heap objects: .*100 black"));
        player.backOnce(); // the hundredth scan undone
        assertThat(cells).hasAttribute("data-black", "99");
        player.stepOnce(); // and redone, the same scan again
        assertThat(cells).hasAttribute("data-black", "100");
    }

    @Test
    void theGridsObjectsAreReadOutOneByOneFromTheKeyboardWithoutMovingTheRun() {
        PlayerPage player = open("e2e-heap-2000");
        player.next();
        player.next(); // o1999 down to o1900 scanned: black
        long step = player.step();
        player.heap.cells().focus();
        page.keyboard().press("End");
        assertThat(player.heap.cellSaid()).hasText(Pattern.compile("^object o1999: black, \\d+ B"));
        page.keyboard().press("Home"); // the first object allocated: not scanned yet
        assertThat(player.heap.cellSaid()).hasAttribute("data-color", "white");
        String first = player.heap.cellSaid().getAttribute("data-object");
        page.keyboard().press("ArrowRight"); // the grid's arrow, not the player's step
        assertThat(player.heap.cellSaid()).not().hasAttribute("data-object", first);
        page.keyboard().press("ArrowLeft");
        assertThat(player.heap.cellSaid()).hasAttribute("data-object", first);
        assertThat(page.locator("body")).hasAttribute("data-step", Long.toString(step));
    }

    @Test
    void aWriteBarrierFlashesThePointerAndTheObjectsItShades() {
        PlayerPage player = openFixture(FakeLab.fixture("gc-cycle.json"));
        player.scrubTo(3);
        player.stepOnce(); // G1 writes A.next = o1 during marking
        assertThat(player.heap.pointer("A", "next")).hasClass(Pattern.compile("wb-flash"));
        assertThat(player.heap.overwrittenPointer()).isAttached();
        assertThat(player.heap.object("o1")).hasAttribute("data-color", "grey");
        assertThat(player.heap.object("o1")).hasClass(Pattern.compile("shaded-now"));
        assertThat(player.heap.object("B")).hasClass(Pattern.compile("shaded-now"));
        player.screenshot("heap-write-barrier");
    }

    @Test
    void assistingGoroutinesWearAMarkAndTheAssistQueueIsShown() {
        PlayerPage player = openFixture(FakeLab.fixture("gc-cycle.json"));
        player.scrubTo(5);
        assertThat(player.goroutine(1)).hasAttribute("data-badges", Pattern.compile("assist"));
        assertThat(player.heap.assistQueue()).hasAttribute("data-count", "1");
        assertThat(player.heap.assistQueue()).containsText("3");
        assertThat(player.goroutine(3)).hasAttribute("data-where", "waiting");
        assertThat(player.goroutine(3)).hasAttribute("data-badges", "assist-wait");
    }

    @Test
    void anObjectFreedWhileReachableIsShownAsTheBug() {
        PlayerPage player = openFixture(FakeLab.fixture("gc-lost.json"));
        player.stepOnce();
        assertThat(player.heap.pointer("A", "next")).hasClass(Pattern.compile("wb-flash"));
        player.stepOnce();
        assertThat(player.heap.object("B")).hasAttribute("data-lost", "true");
        assertThat(player.heap.object("B")).hasAttribute("data-freed", "true");
        assertThat(player.heap.object("B").locator("title")).containsText("LOST");
        assertThat(player.heap.banner).containsText("B");
        assertThat(player.heap.root.getByTestId("gc-lost")).isVisible();
        player.screenshot("heap-lost");
    }

    @Test
    void aLessonWithoutAHeapHidesTheView() {
        PlayerPage player = open("goroutines-and-run-queues");
        assertThat(player.heap.wrap).isHidden();
        assertThat(player.heap.banner).isHidden();
    }

    @Test
    void theEnginesWriteBarrierShadesTheMovedPointer() {
        PlayerPage player = open("e2e-gc-write-barrier");
        assertThat(player.heap.wrap).isVisible();
        assertThat(player.heap.globalRoot("ga")).hasAttribute("data-points-to", "A");
        player.next(); // gcStart
        assertThat(player.heap.banner).isVisible();
        player.next(); // markroot
        assertThat(player.heap.banner).hasAttribute("data-phase", "_GCmark");
        player.next(); // main stores a.next = x: the barrier flashes A.next and shades B
        assertThat(player.heap.pointer("A", "next")).hasClass(Pattern.compile("wb-flash"));
        assertThat(player.heap.object("B")).not().hasAttribute("data-color", "white");
        player.screenshot("heap-engine-write-barrier");
        player.next(); // to the end: B survives
        assertThat(player.heap.object("B")).hasAttribute("data-freed", "false");
        assertThat(player.heap.banner).hasAttribute("data-phase", "_GCoff");
    }

    @Test
    void withoutTheBarrierTheEngineLosesAnObjectAndTheViewSaysSo() {
        PlayerPage player = open("e2e-gc-lost-object");
        player.nextUntilDone();
        assertThat(player.heap.object("B")).hasAttribute("data-lost", "true");
        assertThat(player.heap.banner.getByTestId("wb-state")).hasClass(Pattern.compile("off"));
        player.screenshot("heap-engine-lost");
    }

    @Test
    void theEnginesAssistDraftsMainAndTheBoardShowsIt() {
        PlayerPage player = open("e2e-gc-assist");
        player.next(); // main allocates during marking: gcAssistAlloc
        assertThat(player.goroutine(1)).hasAttribute("data-badges", Pattern.compile("assist"));
        player.screenshot("heap-engine-assist");
    }

    @Test
    void perPWorkBuffersAndTheGlobalListFollowBalanceAndTrygetfull() {
        PlayerPage player = open("mark-work-balance");
        assertThat(player.heap.workBuffer(0)).hasAttribute("data-count", "0");
        for (int i = 0; i < 4; i++) {
            player.next(); // to balance's putfull
        }
        player.waitForSettled();
        assertThat(player.heap.workBuffer(1)).hasAttribute("data-count", "4");
        assertThat(player.heap.root.getByTestId("workbuf-p1-item-C7")).isVisible();
        assertThat(player.heap.fullBuffers()).hasAttribute("data-count", "1");
        assertThat(player.heap.fullBuffers()).containsText("[C0 C1 C2 C3]");
        player.next(); // P1 scans C7
        player.next(); // P0's trygetfull
        player.waitForSettled();
        assertThat(player.heap.workBuffer(0)).hasAttribute("data-count", "4");
        assertThat(player.heap.fullBuffers()).hasAttribute("data-count", "0");
        assertThat(player.heap.greyQueue()).containsText("grey (all buffers)");
    }

    @Test
    void theFractionalShareOfEachPIsShownWhileMarking() {
        PlayerPage player = open("incremental-marking");
        assertThat(player.heap.markShare()).hasCount(0);
        for (int i = 0; i < 5; i++) {
            player.next();
        }
        player.waitForSettled();
        assertThat(player.heap.markShare()).containsText("goal 25%");
        assertThat(player.heap.root.getByTestId("mark-share-item-P0 35.6%")).isVisible();
    }
}
