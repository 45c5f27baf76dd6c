package io.smartleadkafkaroutes.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages' layers (docs/design.md, "Packages in layers"): a package imports only the layers its rule names, so
 * every lower layer can be read, changed and tested without the ones above it; and no two packages import each
 * other, whatever their layers.
 */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.smartleadkafkaroutes");

    @Test
    void should_keep_each_package_to_the_layers_below_it() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Model").definedBy("io.smartleadkafkaroutes.model..")
                .layer("Api").definedBy("io.smartleadkafkaroutes.api..")
                .layer("Enrichment").definedBy("io.smartleadkafkaroutes.enrich..")
                .layer("Memory").definedBy("io.smartleadkafkaroutes.dedup..")
                .layer("SchemaRegistry").definedBy("io.smartleadkafkaroutes.schemaregistry..")
                .layer("Retry").definedBy("io.smartleadkafkaroutes.retry..")
                .layer("Publishing").definedBy("io.smartleadkafkaroutes.publish..")
                .layer("Paging").definedBy("io.smartleadkafkaroutes.paging..")
                .layer("DeadLetters").definedBy("io.smartleadkafkaroutes.deadletter..")
                .layer("Observation").definedBy("io.smartleadkafkaroutes.observe..")
                .layer("Main").definedBy("io.smartleadkafkaroutes")
                .layer("Wiring").definedBy("io.smartleadkafkaroutes.config..")
                .whereLayer("Model").mayNotAccessAnyLayer()
                .whereLayer("Api").mayOnlyAccessLayers("Model")
                .whereLayer("Enrichment").mayOnlyAccessLayers("Model")
                .whereLayer("Memory").mayOnlyAccessLayers("Model")
                .whereLayer("SchemaRegistry").mayOnlyAccessLayers("Model")
                .whereLayer("Retry").mayOnlyAccessLayers("Model", "Api")
                .whereLayer("Publishing").mayOnlyAccessLayers("Model", "Memory", "SchemaRegistry")
                .whereLayer("Paging").mayOnlyAccessLayers("Model", "Publishing")
                .whereLayer("DeadLetters").mayOnlyAccessLayers("Model", "Api", "Publishing")
                .whereLayer("Observation").mayOnlyAccessLayers("Model", "Api", "Memory", "Retry", "Publishing", "Paging")
                .whereLayer("Main").mayOnlyAccessLayers("Model")
                .whereLayer("Wiring").mayNotBeAccessedByAnyLayer()
                .check(PRODUCTION);
    }

    @Test
    void should_have_no_two_packages_that_import_each_other() {
        slices().matching("io.smartleadkafkaroutes.(*)..").should().beFreeOfCycles().check(PRODUCTION);
    }
}
