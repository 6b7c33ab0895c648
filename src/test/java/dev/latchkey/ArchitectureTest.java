package dev.latchkey;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

/** The layering of DESIGN.md and STYLE.md, held by the build: routes → services → stores, time from a Clock. */
@AnalyzeClasses(packages = "dev.latchkey", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** Where the application is wired by hand; the only places that may construct another package's store. */
    private static final String[] COMPOSITION_ROOTS = {"dev.latchkey.app", "dev.latchkey.cli"};

    private static final String[] FOUNDATION = {"dev.latchkey.error..", "dev.latchkey.crypto..", "dev.latchkey.store.."
    };

    @ArchTest
    static final ArchRule servicesAndStoresKnowNothingOfHttp = noClasses()
            .that()
            .haveSimpleNameEndingWith("Service")
            .or()
            .haveSimpleNameEndingWith("Store")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.javalin..", "dev.latchkey.http..")
            .because("services hold no HTTP types and stores hold only SQL (DESIGN.md, 'Shape of the code')");

    @ArchTest
    static final ArchRule storesAreUsedOnlyByTheirOwnFeature = classes()
            .that()
            .haveSimpleNameEndingWith("Store")
            .should(beAccessedOnlyFromTheirPackageOrConstructedByTheWiring())
            .because("no feature reaches into another feature's store (STYLE.md 13)");

    @ArchTest
    static final ArchRule foundationDoesNotDependOnFeatures = noClasses()
            .that()
            .resideInAnyPackage(FOUNDATION)
            .should()
            .dependOnClassesThat(resideInAPackage("dev.latchkey..").and(not(resideInAnyPackage(FOUNDATION))))
            .because("error, crypto and store sit below every feature; nothing below calls up");

    @ArchTest
    static final ArchRule timeComesFromAnInjectedClock = noClasses()
            .should()
            .callMethod(Instant.class, "now")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(LocalDateTime.class, "now")
            .orShould()
            .callMethod(LocalDate.class, "now")
            .orShould()
            .callMethod(OffsetDateTime.class, "now")
            .orShould()
            .callMethod(ZonedDateTime.class, "now")
            .because("everything that reads the time takes a java.time.Clock, so tests move a clock and never sleep");

    @ArchTest
    static final ArchRule onlyTheCliCreatesTheSystemClock = noClasses()
            .that()
            .resideOutsideOfPackage("dev.latchkey.cli..")
            .should()
            .callMethod(Clock.class, "systemUTC")
            .orShould()
            .callMethod(Clock.class, "systemDefaultZone")
            .because("the real clock is chosen once, where the process starts, and injected from there");

    private static ArchCondition<JavaClass> beAccessedOnlyFromTheirPackageOrConstructedByTheWiring() {
        return new ArchCondition<>("be accessed only from their own package, or constructed by app/cli wiring") {
            @Override
            public void check(JavaClass store, ConditionEvents events) {
                for (JavaAccess<?> access : store.getAccessesToSelf()) {
                    String from = access.getOriginOwner().getPackageName();
                    boolean samePackage = from.equals(store.getPackageName());
                    boolean wiring = access instanceof JavaConstructorCall && isCompositionRoot(from);
                    if (!samePackage && !wiring) {
                        events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                    }
                }
            }
        };
    }

    private static boolean isCompositionRoot(String packageName) {
        for (String root : COMPOSITION_ROOTS) {
            if (packageName.equals(root) || packageName.startsWith(root + ".")) {
                return true;
            }
        }
        return false;
    }
}
