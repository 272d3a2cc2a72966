package io.distill.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * One direction of dependence: services → the shared Quarkus module → the ML library → the contract;
 * clients see the contract alone; no package cycle inside the contract, the library or the shared module.
 */
@AnalyzeClasses(packages = "io.distill", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    private static final String[] QUARKUS = {"io.quarkus..", "io.smallrye..", "io.vertx..", "jakarta.enterprise..",
        "jakarta.ws.rs..", "jakarta.inject..", "org.eclipse.microprofile.config..", "org.eclipse.microprofile.reactive.."};

    @ArchTest
    static final ArchRule modulesDependInOneDirection = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Contract").definedBy("io.distill.contract..")
            .layer("Core").definedBy("io.distill.core..")
            .layer("Shared").definedBy("io.distill.server..")
            .layer("Services").definedBy("io.distill.teacher..", "io.distill.softtarget..", "io.distill.student..",
                    "io.distill.specialist..")
            .layer("Pipeline").definedBy("io.distill.pipeline..")
            .layer("Console").definedBy("io.distill.console..")
            .layer("Bench").definedBy("io.distill.bench..")
            .whereLayer("Services").mayNotBeAccessedByAnyLayer()
            // The console reuses the pipeline's results table; nothing else uses either.
            .whereLayer("Pipeline").mayOnlyBeAccessedByLayers("Console")
            .whereLayer("Console").mayNotBeAccessedByAnyLayer()
            .whereLayer("Bench").mayNotBeAccessedByAnyLayer()
            .whereLayer("Shared").mayOnlyBeAccessedByLayers("Services")
            .whereLayer("Core").mayOnlyBeAccessedByLayers("Shared", "Services", "Bench")
            .whereLayer("Contract").mayNotAccessAnyLayer()
            .whereLayer("Core").mayOnlyAccessLayers("Contract")
            .whereLayer("Pipeline").mayOnlyAccessLayers("Contract")
            .whereLayer("Console").mayOnlyAccessLayers("Contract", "Pipeline");

    @ArchTest
    static final ArchRule consoleRunsNoEngine = noClasses().that().resideInAPackage("io.distill.console..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "ai.onnxruntime..");

    @ArchTest
    static final ArchRule consoleHasNoPackageCycle = slices().matching("io.distill.console.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule servicesDoNotImportEachOther = slices()
            .matching("io.distill.(teacher|softtarget|student|specialist)..").namingSlices("$1")
            .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule contractUsesNeitherDjlNorQuarkus = noClasses().that().resideInAPackage("io.distill.contract..")
            .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
            .orShould().dependOnClassesThat().resideInAnyPackage(QUARKUS);

    @ArchTest
    static final ArchRule coreUsesNoQuarkus = noClasses().that().resideInAPackage("io.distill.core..")
            .should().dependOnClassesThat().resideInAnyPackage(QUARKUS);

    @ArchTest
    static final ArchRule contractHasNoPackageCycle = slices().matching("io.distill.contract.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule coreHasNoPackageCycle = slices().matching("io.distill.core.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule sharedModuleHasNoPackageCycle = slices().matching("io.distill.server.(*)..")
            .should().beFreeOfCycles();
}
