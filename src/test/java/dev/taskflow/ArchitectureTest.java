package dev.taskflow;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package structure the README's code map describes: feature packages ({@code task},
 * {@code account}, {@code feed}, {@code health}, {@code idempotency}, {@code seed}) build
 * on the shared ones ({@code web}, {@code db}, {@code security}, {@code config}) and use
 * another feature only along the few edges named here; nothing shared depends on a
 * feature, and no two packages depend on each other.
 */
class ArchitectureTest {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.taskflow");

	private static final String[] FEATURES = { "task", "account", "feed", "health", "idempotency", "seed" };

	private static final String[] SHARED = { "web", "db", "security", "config" };

	@Test
	void noPackagesDependOnEachOther() {
		slices().matching("dev.taskflow.(*)..").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void sharedPackagesDoNotDependOnFeatures() {
		for (String shared : SHARED) {
			noClasses().that()
				.resideInAPackage(pkg(shared))
				.should()
				.dependOnClassesThat()
				.resideInAnyPackage(packages(FEATURES))
				.because("'" + shared + "' is shared by every feature")
				.check(MAIN);
		}
	}

	@Test
	void featuresUseEachOtherOnlyAlongTheNamedEdges() {
		// task records its changes in the feed (the task_events table is the feed's) and
		// replays Idempotency-Key answers; account does the same for registration; seed
		// makes accounts with account's password hashing.
		allowOnly("task", "feed", "idempotency");
		allowOnly("account", "idempotency");
		allowOnly("feed");
		allowOnly("health");
		allowOnly("idempotency");
		allowOnly("seed", "account");
	}

	private static void allowOnly(String feature, String... allowed) {
		String[] others = java.util.Arrays.stream(FEATURES)
			.filter(other -> !other.equals(feature) && !java.util.List.of(allowed).contains(other))
			.toArray(String[]::new);
		noClasses().that()
			.resideInAPackage(pkg(feature))
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(packages(others))
			.check(MAIN);
	}

	private static String pkg(String name) {
		return "dev.taskflow." + name + "..";
	}

	private static String[] packages(String... names) {
		return java.util.Arrays.stream(names).map(ArchitectureTest::pkg).toArray(String[]::new);
	}

}
