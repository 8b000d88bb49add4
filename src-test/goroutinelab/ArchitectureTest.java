package goroutinelab;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the code: no two packages need each other (the Go runtime is
 * one package, like Go's own), the engine is pure Java (java.* and itself
 * only: no Javalin, Jackson, YAML), and lessons know nothing of the web.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("goroutinelab");
    }

    @Test
    void noPackagesDependOnEachOtherInACircle() {
        slices().matching("goroutinelab.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theEngineUsesOnlyJavaAndItself() {
        noClasses().that().resideInAPackage("goroutinelab.engine..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "goroutinelab.engine..")
                .check(classes);
    }

    @Test
    void lessonsKnowNothingOfTheWeb() {
        noClasses().that().resideInAPackage("goroutinelab.lesson..")
                .should().dependOnClassesThat().resideInAPackage("goroutinelab.web..")
                .check(classes);
    }

    /**
     * The session admits, reads, moves and sends; what grows beside it (budgets,
     * openings, refusals, frames) lives in classes of its own. Past 300 lines it
     * has started doing their work again.
     */
    @Test
    void theSessionStaysSmall() throws java.io.IOException {
        long lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("server/goroutinelab/web/Session.java")).size();
        org.assertj.core.api.Assertions.assertThat(lines).as("lines in Session.java").isLessThan(300);
    }
}
